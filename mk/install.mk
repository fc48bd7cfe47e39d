# SPDX-License-Identifier: MIT
# mk/install.mk - installing apig, included at the end of the Makefile.
#
#   make install [PREFIX=/usr/local] [DESTDIR=]   build, then copy (no ldconfig)
#   make uninstall [PREFIX=...] [DESTDIR=...]     remove exactly what install put
#   make test-install                             (part of make test) install into
#                                                 $(BUILD)/stage, build and run every
#                                                 example against it, uninstall
# BINDIR, LIBDIR, INCLUDEDIR, DATADIR, MANDIR, PKGCONFIGDIR and DOCDIR follow
# PREFIX unless set (e.g. LIBDIR=$(PREFIX)/lib/x86_64-linux-gnu).
#
# What is installed (INSTALLED_FILES below is the list uninstall removes):
#   bin/      apig, apig-gen
#   lib/      libapig.a, libapig.so.X.Y.Z (soname libapig.so.X) and its links;
#             libapig-schemas.a / .so.X.Y.Z (the bundled operations' tables);
#             libapig-openssl.a, libapig-mbedtls.a (crypto adapters, static)
#   lib/pkgconfig/  apig.pc, apig-schemas.pc, apig-openssl.pc, apig-mbedtls.pc
#   include/apig/           the public headers
#   include/apig-schemas/   the bundled operations' generated headers
#   share/apig/schemas/     the bundled schemas (apig-gen takes them again, e.g.
#                           at another capacity or with views)
#   share/man/man1/         apig.1, apig-gen.1
#   share/doc/apig/         LICENSE
#
# libapig.so exports the public API only: its objects (obj-so/) are compiled
# with -fvisibility=hidden, and the headers mark what is public with APIG_API
# (config.h); scripts/check-exports holds it to that in make test. libapig.a
# is built from the ordinary objects, as before.

# ---- the version: one source, the three APIG_VERSION_* lines of apig.h -------------
apig_version_part = $(shell sed -n 's/^.define APIG_VERSION_$1 \([0-9][0-9]*\)$$/\1/p' include/apig/apig.h)
VERSION_MAJOR := $(call apig_version_part,MAJOR)
VERSION_MINOR := $(call apig_version_part,MINOR)
VERSION_PATCH := $(call apig_version_part,PATCH)
VERSION       := $(VERSION_MAJOR).$(VERSION_MINOR).$(VERSION_PATCH)
ifeq ($(words $(VERSION_MAJOR) $(VERSION_MINOR) $(VERSION_PATCH)),3)
else
$(error mk/install.mk: cannot read APIG_VERSION_MAJOR/MINOR/PATCH from include/apig/apig.h)
endif

# ---- where ------------------------------------------------------------------------
PREFIX       ?= /usr/local
DESTDIR      ?=
BINDIR       ?= $(PREFIX)/bin
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
DATADIR      ?= $(PREFIX)/share
MANDIR       ?= $(DATADIR)/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DOCDIR       ?= $(DATADIR)/doc/apig
INSTALL      ?= install

# ---- the shared libraries ---------------------------------------------------------
# $(BUILD)/NAME.so.X.Y.Z with soname NAME.so.X, and the links NAME.so.X and
# NAME.so beside it. $(call link_so,NAME,OBJECTS,LIBS)
define link_so
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(1).so.$(VERSION_MAJOR) -o $(BUILD)/$(1).so.$(VERSION) $(2) $(3)
	ln -sf $(1).so.$(VERSION) $(BUILD)/$(1).so.$(VERSION_MAJOR)
	ln -sf $(1).so.$(VERSION_MAJOR) $(BUILD)/$(1).so
endef

RUNTIME_SO_OBJ = $(patsubst src/%.c,$(BUILD)/obj-so/%.o,$(RUNTIME_SRC))
$(BUILD)/obj-so/%.o: src/%.c $(HEADERS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_APIG) -fvisibility=hidden -Isrc -c $< -o $@
$(BUILD)/libapig.so: $(RUNTIME_SO_OBJ)
	$(call link_so,libapig,$^)
# The bundled operations' tables: every symbol is the schema's (c-prefix_),
# all of it public; they need libapig.so.X.
$(BUILD)/libapig-schemas.so: $(SCHEMA_OBJ) $(BUILD)/libapig.so
	$(call link_so,libapig-schemas,$(SCHEMA_OBJ),-L$(BUILD) -lapig)

all: $(BUILD)/libapig-schemas.so $(BUILD)/apig-gen

# ---- what install copies ----------------------------------------------------------
PUBLIC_HEADERS = $(sort $(wildcard include/apig/*.h))
MAN_PAGES      = $(BUILD)/man/apig.1 $(BUILD)/man/apig-gen.1
PC_FILES       = $(addprefix $(BUILD)/pkgconfig/,apig.pc apig-schemas.pc apig-openssl.pc apig-mbedtls.pc)
STATIC_LIBS    = $(BUILD)/libapig.a $(BUILD)/libapig-schemas.a $(CRYPTO_LIBS)
SHARED_LIBS    = libapig libapig-schemas
INSTALL_DEPS   = $(BUILD)/apig $(BUILD)/apig-gen $(STATIC_LIBS) $(SHARED_LIBS:%=$(BUILD)/%.so) \
                 $(GEN_H) $(MAN_PAGES) $(PC_FILES)

INSTALLED_FILES = \
    $(BINDIR)/apig $(BINDIR)/apig-gen \
    $(addprefix $(LIBDIR)/,$(notdir $(STATIC_LIBS))) \
    $(foreach l,$(SHARED_LIBS),$(LIBDIR)/$l.so.$(VERSION) $(LIBDIR)/$l.so.$(VERSION_MAJOR) $(LIBDIR)/$l.so) \
    $(addprefix $(PKGCONFIGDIR)/,$(notdir $(PC_FILES))) \
    $(addprefix $(INCLUDEDIR)/apig/,$(notdir $(PUBLIC_HEADERS))) \
    $(addprefix $(INCLUDEDIR)/apig-schemas/,$(notdir $(GEN_H))) \
    $(addprefix $(DATADIR)/apig/schemas/,$(notdir $(SCHEMAS))) \
    $(addprefix $(MANDIR)/man1/,$(notdir $(MAN_PAGES))) \
    $(DOCDIR)/LICENSE
# The directories that are apig's alone, removed when empty (deepest first).
INSTALLED_DIRS = $(INCLUDEDIR)/apig $(INCLUDEDIR)/apig-schemas $(DATADIR)/apig/schemas \
                 $(DATADIR)/apig $(DOCDIR)

# The man pages, with the version filled in.
$(BUILD)/man/%.1: man/%.1 include/apig/apig.h
	@mkdir -p $(dir $@)
	sed 's/@VERSION@/$(VERSION)/g' $< > $@

# The pkg-config files, for this PREFIX and these directories (rewritten
# whenever one changes: install may be run with another PREFIX than make).
# Directories under PREFIX are written as ${prefix}/..., so that
# PKG_CONFIG_SYSROOT_DIR and relocating tools work.
pc_path = $(if $(filter $(PREFIX)/%,$1),$${prefix}/$(patsubst $(PREFIX)/%,%,$1),$1)
PC_SETTINGS = $(PREFIX)|$(LIBDIR)|$(INCLUDEDIR)|$(VERSION)
$(BUILD)/pkgconfig/.settings: FORCE
	@mkdir -p $(dir $@)
	@echo '$(PC_SETTINGS)' | cmp -s - $@ || echo '$(PC_SETTINGS)' > $@
$(BUILD)/pkgconfig/%.pc: mk/%.pc.in $(BUILD)/pkgconfig/.settings
	@if pkg-config --exists mbedcrypto 2>/dev/null; then mr=', mbedcrypto'; ml=''; else mr=''; ml=' -lmbedcrypto'; fi; \
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(call pc_path,$(LIBDIR))|g' \
	    -e 's|@INCLUDEDIR@|$(call pc_path,$(INCLUDEDIR))|g' -e 's|@VERSION@|$(VERSION)|g' \
	    -e "s|@MBEDCRYPTO_REQUIRES@|$$mr|g" -e "s|@MBEDCRYPTO_LIBS@|$$ml|g" $< > $@
.PHONY: FORCE
FORCE:

# ---- install, uninstall -----------------------------------------------------------
.PHONY: install uninstall
DEST = $(DESTDIR)
install: $(INSTALL_DEPS)
	$(INSTALL) -d $(DEST)$(BINDIR) $(DEST)$(LIBDIR) $(DEST)$(PKGCONFIGDIR) $(DEST)$(INCLUDEDIR)/apig \
	    $(DEST)$(INCLUDEDIR)/apig-schemas $(DEST)$(DATADIR)/apig/schemas $(DEST)$(MANDIR)/man1 $(DEST)$(DOCDIR)
	$(INSTALL) -m 755 $(BUILD)/apig $(BUILD)/apig-gen $(DEST)$(BINDIR)/
	$(INSTALL) -m 644 $(STATIC_LIBS) $(DEST)$(LIBDIR)/
	for l in $(SHARED_LIBS); do \
	    $(INSTALL) -m 755 $(BUILD)/$$l.so.$(VERSION) $(DEST)$(LIBDIR)/ && \
	    ln -sf $$l.so.$(VERSION) $(DEST)$(LIBDIR)/$$l.so.$(VERSION_MAJOR) && \
	    ln -sf $$l.so.$(VERSION_MAJOR) $(DEST)$(LIBDIR)/$$l.so || exit 1; done
	$(INSTALL) -m 644 $(PC_FILES) $(DEST)$(PKGCONFIGDIR)/
	$(INSTALL) -m 644 $(PUBLIC_HEADERS) $(DEST)$(INCLUDEDIR)/apig/
	$(INSTALL) -m 644 $(GEN_H) $(DEST)$(INCLUDEDIR)/apig-schemas/
	$(INSTALL) -m 644 $(SCHEMAS) $(DEST)$(DATADIR)/apig/schemas/
	$(INSTALL) -m 644 $(MAN_PAGES) $(DEST)$(MANDIR)/man1/
	$(INSTALL) -m 644 LICENSE $(DEST)$(DOCDIR)/

uninstall:
	rm -f $(addprefix $(DEST),$(INSTALLED_FILES))
	@for d in $(addprefix $(DEST),$(INSTALLED_DIRS)); do rmdir "$$d" 2>/dev/null || :; done

# ---- checks (part of make test) -----------------------------------------------------
.PHONY: check-exports check-table-format test-install
test: check-exports check-table-format test-install

# libapig.so exports exactly the functions and objects the public headers
# declare with APIG_API (no apig__* internals), under soname libapig.so.X.
check-exports: $(BUILD)/libapig.so $(BUILD)/libapig-schemas.so
	@scripts/check-exports $(BUILD)/libapig.so libapig.so.$(VERSION_MAJOR) $(BUILD)/libapig-schemas.so

# Tables of another table format are refused: by the compiler (#error in the
# generated .h and .c), by the linker (libapig.a), and by the loader when
# swapped under a program on libapig.so.
check-table-format: $(BUILD)/libapig.a $(BUILD)/libapig.so $(GEN_C) $(GEN_H)
	@CC="$(CC)" CFLAGS="$(CFLAGS)" BUILD=$(BUILD) scripts/check-table-format

# Installed to a staging root, every example builds against it through
# pkg-config, statically and shared, and prints what it should
# (scripts/test-install); then uninstall leaves no file behind. The stage
# has this PREFIX and these directories under $(BUILD)/stage.
STAGE = $(abspath $(BUILD))/stage
test-install: $(INSTALL_DEPS)
	@rm -rf $(STAGE) $(BUILD)/test-install
	@$(MAKE) --no-print-directory -s install DESTDIR=$(STAGE)
	@STAGE=$(STAGE) PREFIX=$(PREFIX) BINDIR=$(BINDIR) LIBDIR=$(LIBDIR) PKGCONFIGDIR=$(PKGCONFIGDIR) \
	    DATADIR=$(DATADIR) WORK=$(BUILD)/test-install CC="$(CC)" CFLAGS="$(CSTD) $(WARN) $(O) $(CFLAGS)" \
	    FIRMWARE_CFG="$(FIRMWARE_CFG)" VERSION=$(VERSION) VERSION_MAJOR=$(VERSION_MAJOR) scripts/test-install
	@$(MAKE) --no-print-directory -s uninstall DESTDIR=$(STAGE)
	@left=$$(find $(STAGE) ! -type d); if [ -n "$$left" ]; then \
	    echo "test-install: uninstall left files behind:"; echo "$$left"; exit 1; fi; \
	 echo "test-install: make uninstall removed every file make install put in the stage"
