#!/bin/sh
# Run bare-metal tests under a QEMU-compatible emulator and compare each one's
# console output and exit status with tests/<name>.expected / .exitcode.
#
#   scripts/run-tests.sh BUILD_DIR [NAME...]
#
# Environment: EMU (default qemu-system-riscv64), TEST_TIMEOUT (seconds,
# default 60).  The output of a failing test is left in BUILD_DIR/<name>.out
# (KEEP_OUTPUT=1 keeps it for passing tests too).
# Per-test files (all optional but .expected):
#   .machine  virt (default) or spike      .args   extra emulator arguments
#   .stdin    bytes fed to the console     .exitcode  expected status (0)
# .expected/.exitcode describe what the ISA specification requires.  Where
# QEMU 7.2 is known to deviate, .qemu.expected/.qemu.exitcode record what it
# does instead; they are used only when EMU is a qemu-system binary (set
# QEMU_DEVIATIONS=0 to hold QEMU to the specification as well).
set -u

here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: run-tests.sh BUILD_DIR [NAME...]}
shift
EMU=${EMU:-qemu-system-riscv64}
TEST_TIMEOUT=${TEST_TIMEOUT:-60}

if [ $# -eq 0 ]; then
    set -- $(for f in "$here"/tests/*.c "$here"/tests/*.S; do
        [ -e "$f" ] && basename "${f%.*}"; done | sort -u)
fi

pass=0
fail=0
failed=""
for name in "$@"; do
    t="$here/tests/$name"
    elf="$build/$name.elf"
    machine=virt
    [ -f "$t.machine" ] && machine=$(cat "$t.machine")
    args=""
    [ -f "$t.args" ] && args=$(cat "$t.args")
    want_rc=0
    [ -f "$t.exitcode" ] && want_rc=$(cat "$t.exitcode")
    expected="$t.expected"
    note=""
    case "$(basename "${EMU%% *}")" in
    qemu-system-*)
        if [ "${QEMU_DEVIATIONS:-1}" = 1 ] && [ -f "$t.qemu.expected" ]; then
            expected="$t.qemu.expected"
            want_rc=0
            [ -f "$t.qemu.exitcode" ] && want_rc=$(cat "$t.qemu.exitcode")
            note=" (known QEMU deviations: tests/$name.qemu.expected)"
        fi
        ;;
    esac
    stdin=/dev/null
    [ -f "$t.stdin" ] && stdin="$t.stdin"
    out="$build/.$name.$$.out"

    # shellcheck disable=SC2086
    timeout "$TEST_TIMEOUT" $EMU -M "$machine" -bios none -nographic \
        $args -kernel "$elf" < "$stdin" > "$out" 2>&1
    rc=$?

    status=ok
    if [ "$rc" != "$want_rc" ]; then
        status="exit status $rc, expected $want_rc"
    elif ! cmp -s "$out" "$expected"; then
        status="output differs from ${expected#"$here"/}"
    fi
    if [ "$status" = ok ]; then
        pass=$((pass + 1))
        printf 'PASS %s%s\n' "$name" "$note"
        if [ "${KEEP_OUTPUT:-0}" = 1 ]; then
            mv -f "$out" "$build/$name.out"
        else
            rm -f "$out"
        fi
    else
        fail=$((fail + 1))
        failed="$failed $name"
        printf 'FAIL %s: %s\n' "$name" "$status"
        diff "$expected" "$out" | head -20
        mv -f "$out" "$build/$name.out"
    fi
done

printf '%d passed, %d failed%s\n' "$pass" "$fail" "${failed:+ (}${failed# }${failed:+)}"
[ "$fail" -eq 0 ]
