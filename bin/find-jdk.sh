# Sourced by ./lancet, bin/test and .ci/run: exports JAVA_HOME pointing at a JDK >= 25.
# Order: $JAVA_HOME if it is >= 25, else the newest JDK >= 25 under the system JVM directories,
# chosen by the version in its `release` file, never by a fixed path.
lancet_jdk_major() {  # prints the feature version of the JDK at $1, or nothing
  local home="$1" v=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  fi
  echo "$v"
}

lancet_find_jdk() {
  local need=25 best="" best_v=0 v d
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(lancet_jdk_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$need" ]; then export JAVA_HOME; return 0; fi
  fi
  for d in /usr/lib/jvm/* /usr/java/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$d" ] || continue
    v=$(lancet_jdk_major "$d")
    if [ -n "$v" ] && [ "$v" -ge "$need" ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  if [ -z "$best" ]; then
    echo "lancet: needs a JDK >= $need (java + javac); set JAVA_HOME to one or install it under /usr/lib/jvm" >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
