# Finds a JDK 25 (Truffle 25 needs 21+, the sources target 25): $JAVA_HOME if it is one,
# otherwise the newest under /usr/lib/jvm. Prints its path, or explains and fails.
# The feature version of the JDK at $1: from its release file (every JDK since 9 has one; reading
# it costs nothing, starting that JDK's java costs 30-50 ms in every ./tuber run), else asked.
tuber_java_feature() {
    local v
    v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null)"
    if [[ -n "$v" ]]; then
        echo "$v"
    else
        "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
    fi
}

tuber_find_jdk() {
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
        local v
        v="$(tuber_java_feature "$JAVA_HOME")"
        if [[ "${v%%.*}" -ge 25 ]] 2>/dev/null; then
            echo "$JAVA_HOME"
            return 0
        fi
    fi
    local candidate best=""
    for candidate in /usr/lib/jvm/*; do
        [[ -x "$candidate/bin/javac" ]] || continue
        local v
        v="$(tuber_java_feature "$candidate")"
        if [[ "${v%%.*}" -ge 25 ]] 2>/dev/null; then
            best="$candidate"
        fi
    done
    if [[ -n "$best" ]]; then
        echo "$best"
        return 0
    fi
    echo "tuber: no JDK 25 found: set JAVA_HOME to a JDK 25, or install one (e.g. Temurin 25 under /usr/lib/jvm)" >&2
    return 1
}

# Identifies the JDK at $1 (path and exact runtime version) and the recipe of build/runtime (its
# last word, raised when the recipe changes): build/runtime records it in the runtime it links,
# and ./tuber uses that runtime only with the same JDK and recipe.
tuber_jdk_origin() {
    echo "$1 $(sed -n 's/^JAVA_RUNTIME_VERSION=//p' "$1/release" 2>/dev/null) recipe-2"
}
