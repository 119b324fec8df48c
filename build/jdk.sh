# Finds a JDK 25 (Truffle 25 needs 21+, the sources target 25): $JAVA_HOME if it is one,
# otherwise the newest under /usr/lib/jvm.
#
# ./tuber sources this on every run, so the functions that ./tuber calls run no program and
# start no subshell: each fork and exec costs 1-2 ms here, and they added up to ~15 ms of every
# run before the JVM started. They return their result in a variable; the tuber_find_jdk form
# (prints the path) is for the build scripts.

# Sets REPLY to the value of KEY in the JDK release file $1 (as written, quotes included), or to ""
# if absent.
tuber_release_value() {
    local line
    REPLY=""
    [[ -r "$1/release" ]] || return 0
    while IFS= read -r line || [[ -n "$line" ]]; do
        if [[ "$line" == "$2="* ]]; then
            REPLY="${line#"$2="}"
            return 0
        fi
    done <"$1/release"
}

# Sets REPLY to the feature version of the JDK at $1: from its release file (every JDK since 9 has
# one; starting that JDK's java costs 30-50 ms), else asked.
tuber_java_feature() {
    tuber_release_value "$1" JAVA_VERSION
    REPLY="${REPLY#\"}"
    REPLY="${REPLY%%[!0-9]*}"
    if [[ -z "$REPLY" ]]; then
        REPLY="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
        REPLY="${REPLY%%.*}"
    fi
}

# Sets TUBER_JDK to the JDK to use, or explains and fails.
tuber_locate_jdk() {
    TUBER_JDK=""
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
        tuber_java_feature "$JAVA_HOME"
        if [[ "$REPLY" -ge 25 ]] 2>/dev/null; then
            TUBER_JDK="$JAVA_HOME"
            return 0
        fi
    fi
    local candidate
    for candidate in /usr/lib/jvm/*; do
        [[ -x "$candidate/bin/javac" ]] || continue
        tuber_java_feature "$candidate"
        if [[ "$REPLY" -ge 25 ]] 2>/dev/null; then
            TUBER_JDK="$candidate"
        fi
    done
    if [[ -n "$TUBER_JDK" ]]; then
        return 0
    fi
    echo "tuber: no JDK 25 found: set JAVA_HOME to a JDK 25, or install one (e.g. Temurin 25 under /usr/lib/jvm)" >&2
    return 1
}

# Prints the JDK to use (see tuber_locate_jdk).
tuber_find_jdk() {
    tuber_locate_jdk && echo "$TUBER_JDK"
}

# Sets REPLY to what identifies the JDK at $1 (path and exact runtime version) and the recipe of
# build/runtime (its last word, raised when the recipe changes): build/runtime records it in the
# runtime it links, and ./tuber uses that runtime only with the same JDK and recipe.
tuber_jdk_origin() {
    tuber_release_value "$1" JAVA_RUNTIME_VERSION
    REPLY="$1 $REPLY recipe-2"
}
