# Shared by the whole-process benchmark scripts (run-guests, run-boot): timing, medians and the
# result table. Source it; ROOT must be set.

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

print_header() {
    printf "%-28s %10s %10s %8s\n" guest "tuber (s)" "qemu (s)" "ratio"
}

# print_row NAME TUBER_TIMES QEMU_TIMES: medians of the newline-separated times, and the ratio
# QEMU / Tuber; QEMU_TIMES empty when QEMU is not installed
print_row() {
    local t q
    t=$(printf "%s\n" "$2" | median)
    if [[ -n "$3" ]]; then
        q=$(printf "%s\n" "$3" | median)
        printf "%-28s %10.2f %10.2f %8.2f\n" "$1" "$t" "$q" "$(echo "$q / $t" | bc -l)"
    else
        printf "%-28s %10.2f %10s %8s\n" "$1" "$t" "-" "-"
    fi
}
