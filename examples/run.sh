#!/bin/sh
# `make run`: the main job on the bundled examples. Validates the source
# document's request examples and prints their canonical form, then shows how
# typical bad requests are answered.
apig=${1:-build/apig}
here=$(dirname "$0")
status=0

section() { printf '\n== %s\n' "$1"; }
show() { # show TITLE ARGS...: run apig, print its stdout/stderr and exit code
    title=$1
    shift
    printf -- '-- %s\n$ apig %s\n' "$title" "$*"
    "$apig" "$@" 2>"${TMPDIR:-/tmp}/apig-run.$$"
    code=$?
    sed 's/^/stderr: /' "${TMPDIR:-/tmp}/apig-run.$$"
    printf '(exit %s)\n' "$code"
}

section "The document's request examples, validated and re-encoded"
for f in "$here"/requests/doc-*.json; do
    [ -f "$f" ] || continue
    show "$(basename "$f")" validate "$f"
    show "$(basename "$f") (pretty: byte-identical to the document)" validate --pretty "$f"
    "$apig" validate --pretty "$f" | cmp -s - "$f" || { echo "!! pretty output differs from $f"; status=1; }
done

section "Typical errors"
for f in "$here"/requests/bad-*.json; do
    [ -f "$f" ] || continue
    show "$(basename "$f" .json)" validate "$f"
done
show "an ip channel needs host, as an IP literal" validate --member-type ip "$here/requests/doc-ecs.json"
show "every error at once" validate --all-errors "$here/requests/bad-many.json"

section "A whole request: token, path parameters, then body"
show "no token" request --method POST \
    --path /v2/p1/apigw/instances/i1/vpc-channels/c1/members "$here/requests/doc-host.json"
show "bad path parameter" request --method POST \
    --path /v2/p1/apigw/instances/i.1/vpc-channels/c1/members \
    --header 'X-Auth-Token: abc' "$here/requests/doc-host.json"
show "valid" request --method POST \
    --path /v2/p1/apigw/instances/i1/vpc-channels/c1/members \
    --header 'X-Auth-Token: abc' "$here/requests/doc-host.json"

section "The document's 201 response examples, decoded and re-encoded"
for f in "$here"/responses/*.json; do
    [ -f "$f" ] || continue
    show "$(basename "$f")" response --pretty "$f"
done

section "The catalog's error bodies"
show "404" error APIG.3023 --id 56a7d7358e1b42459c9d730d65b14e59 --pretty
show "400" error APIG.2004 --param weight

exit $status
