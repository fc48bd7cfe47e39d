# SPDX-License-Identifier: MIT
# mk/install.mk - installing apig, included at the end of the Makefile.
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

# ---- checks (part of make test) -----------------------------------------------------
.PHONY: check-exports check-table-format
test: check-exports check-table-format

# libapig.so exports exactly the functions and objects the public headers
# declare with APIG_API (no apig__* internals), under soname libapig.so.X.
check-exports: $(BUILD)/libapig.so $(BUILD)/libapig-schemas.so
	@scripts/check-exports $(BUILD)/libapig.so libapig.so.$(VERSION_MAJOR) $(BUILD)/libapig-schemas.so

# Tables of another table format are refused: by the compiler (#error in the
# generated .h and .c), by the linker (libapig.a), and by the loader when
# swapped under a program on libapig.so.
check-table-format: $(BUILD)/libapig.a $(BUILD)/libapig.so $(GEN_C) $(GEN_H)
	@CC="$(CC)" CFLAGS="$(CFLAGS)" BUILD=$(BUILD) scripts/check-table-format
