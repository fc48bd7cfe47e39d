#!/bin/sh
# SPDX-License-Identifier: MIT
# `make run`: the main job on the bundled examples. Validates the source
# document's request examples and prints their canonical form, shows how
# typical bad requests are answered, then routes requests across the member
# family (add, list, delete), and reads responses as the service writes
# them. Each command's exit status is checked against
# the one expected: a difference, like a pretty output that is not the
# document's, is flagged with "!!" and makes the script exit 1.
apig=${1:-build/apig}
here=$(dirname "$0")
status=0
base=/v2/p1/apigw/instances/i1/vpc-channels/c1/members

section() { printf '\n== %s\n' "$1"; }
quote() { # quote ARG: ARG as a shell word (single quotes when it needs them)
    case $1 in
    '' | *[!A-Za-z0-9_./:=@%+,-]*) printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
    *) printf '%s' "$1" ;;
    esac
}
show() { # show EXIT TITLE ARGS...: run apig, print its stdout/stderr and exit code
    expect=$1
    title=$2
    shift 2
    printf -- '-- %s\n$ apig' "$title"
    for a in "$@"; do printf ' %s' "$(quote "$a")"; done
    printf '\n'
    # Every command here names its input (GET and DELETE read none): stdin is
    # /dev/null so that none can wait on the terminal.
    "$apig" "$@" </dev/null 2>"${TMPDIR:-/tmp}/apig-run.$$"
    code=$?
    sed 's/^/stderr: /' "${TMPDIR:-/tmp}/apig-run.$$"
    rm -f "${TMPDIR:-/tmp}/apig-run.$$"
    printf '(exit %s)\n' "$code"
    [ "$code" = "$expect" ] || { echo "!! expected exit $expect"; status=1; }
}

section "The document's request examples, validated and re-encoded"
for f in "$here"/requests/doc-*.json; do
    [ -f "$f" ] || continue
    show 0 "$(basename "$f")" validate "$f"
    show 0 "$(basename "$f") (pretty: byte-identical to the document)" validate --pretty "$f"
    "$apig" validate --pretty "$f" </dev/null | cmp -s - "$f" || { echo "!! pretty output differs from $f"; status=1; }
done

section "Typical errors (exit 1, the service's answer on stdout)"
for f in "$here"/requests/bad-*.json; do
    [ -f "$f" ] || continue
    show 1 "$(basename "$f" .json)" validate "$f"
done
show 1 "an ip channel needs host, as an IP literal" validate --member-type ip "$here/requests/doc-ecs.json"
show 1 "every error at once" validate --all-errors "$here/requests/bad-many.json"

section "A whole request: token, path parameters, then body"
show 1 "no token" request --method POST --path "$base" "$here/requests/doc-host.json"
show 1 "bad path parameter" request --method POST \
    --path /v2/p1/apigw/instances/i.1/vpc-channels/c1/members \
    --header 'X-Auth-Token: abc' "$here/requests/doc-host.json"
show 0 "valid" request --method POST --path "$base" \
    --header 'X-Auth-Token: abc' "$here/requests/doc-host.json"

section "The member family: a request is routed to its operation"
show 0 "the operations: method, path template, name" ops
show 0 "list: the query is decoded, 600 normalised to 500 and -3 to 0" request --method GET \
    --path "$base?limit=600&offset=-3" --header 'X-Auth-Token: abc'
show 0 "list: an absent parameter takes its default (offset 0, limit 20)" request --method GET \
    --path "$base" --header 'X-Auth-Token: abc'
show 1 "list: a limit that is not an integer" request --method GET \
    --path "$base?limit=abc" --header 'X-Auth-Token: abc'
show 0 "delete one member: path parameters only, no body" request --method DELETE \
    --path "$base/m1" --header 'X-Auth-Token: abc'
show 1 "a method the path does not take: 405, with the allowed methods" request --method PATCH \
    --path "$base" --header 'X-Auth-Token: abc'
show 1 "a path no operation has: 404" request --method GET \
    --path /v2/p1/apigw/instances/i1/vpc-channels/c1 --header 'X-Auth-Token: abc'

section "A request the official SDK signed with an access key (SDK-HMAC-SHA256)"
sdk_path=/v2/05f5f7f00a80d2e02f80c0130ea5ea47/apigw/instances/eddc4d25480b4cd6b512f270a1b8b341/vpc-channels/56a7d7358e1b42459c9d730d65b14e59/members/33ac0e39d005492eb1f4683e66d1a0d1
sdk_signed() { # sdk_signed EXIT TITLE X-SDK-DATE ARGS...: the captured DELETE, signed headers as sent
    expect=$1 title=$2 date=$3
    shift 3
    show "$expect" "$title" request --method DELETE --path "$sdk_path" \
        --header 'User-Agent: huaweicloud-usdk-python/3.0; os/Linux##1_SMP_PREEMPT_DYNAMIC_@0#x86_64 python/3.11.2 impl/CPython; app/90dc19ed-82cc-4b5f-8a91-a11d216dbbdd' \
        --header 'Content-Type: application/json' \
        --header 'X-Project-Id: 05f5f7f00a80d2e02f80c0130ea5ea47' \
        --header "X-Sdk-Date: $date" \
        --header 'Host: apig.cn-north-4.myhuaweicloud.com' \
        --header 'Authorization: SDK-HMAC-SHA256 Access=AKEXAMPLE0000000000, SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date, Signature=b067d67d012d26213e95bebf559e2d1b89350eb90b2dc8e2d2c7271f411ac448' \
        "$@"
}
sdk_signed 0 "verified with the key file, at a time 8 s after signing" 20261130T221752Z \
    --credentials "$here/keys.txt" --now 20261130T221800Z
sdk_signed 1 "the date changed by one second: the signature no longer matches" 20261130T221753Z \
    --credentials "$here/keys.txt" --now 20261130T221800Z
sdk_signed 1 "checked 16 minutes later: too old" 20261130T221752Z \
    --credentials "$here/keys.txt" --now 20261130T223400Z
sdk_signed 0 "without --credentials: its form is checked, then it is passed on unverified" \
    20261130T221752Z

section "The document's 201 response examples, decoded and re-encoded"
for f in "$here"/responses/doc-*.json; do
    [ -f "$f" ] || continue
    show 0 "$(basename "$f")" response --pretty "$f"
done
show 0 "the list's 200 page is the same message" response --operation ListBackendInstancesV2 \
    "$here/responses/doc-201-one.json"

section "Responses as the service writes them (shared/interop/service-responses.json)"
show 0 "ip-type members with the address in ecs_id and ecs_name, newer fields ignored" \
    response --operation ListBackendInstancesV2 "$here/responses/service-list-ip.json"
show 1 "the same page by the caller-side rules (a server checking its own answers)" \
    response --operation ListBackendInstancesV2 --strict "$here/responses/service-list-ip.json"
show 0 "create_time with nanoseconds and with an offset (RFC 3339)" \
    response --pretty "$here/responses/service-201-rfc3339.json"

section "The catalog's error bodies"
show 0 "404" error APIG.3023 --id 56a7d7358e1b42459c9d730d65b14e59 --pretty
show 0 "400" error APIG.2004 --param weight

exit $status
