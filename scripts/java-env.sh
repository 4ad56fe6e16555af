# Sourced by ./shoal and ./run-tests: picks a JDK >= 21 and exports JAVA_HOME.
# Order: $JAVA_HOME if it is new enough, else the newest JDK under /usr/lib/jvm, else an error.

shoal_java_major() { # prints the feature version of the JDK at $1, or nothing
  local release="$1/release"
  [ -x "$1/bin/java" ] || return 0
  if [ -f "$release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" | head -n1
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
  fi
}

shoal_find_java() {
  local want=21 best="" best_major=0 dir major
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(shoal_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$want" ]; then return 0; fi
  fi
  for dir in /usr/lib/jvm/*; do
    [ -L "$dir" ] && continue
    major=$(shoal_java_major "$dir")
    if [ -n "$major" ] && [ "$major" -ge "$want" ] && [ "$major" -gt "$best_major" ]; then
      best="$dir"; best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "shoal: needs a JDK $want or newer. JAVA_HOME=${JAVA_HOME:-<unset>} is not one, and none was found in /usr/lib/jvm." >&2
    echo "shoal: install one (for example: apt-get install openjdk-21-jdk) or point JAVA_HOME at it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

# Maven 3.9's Guice calls sun.misc.Unsafe, which JDK 24+ warns about on every build. The flag
# that silences it does not exist before JDK 24 (and would stop the JVM there), so add it only
# for JDKs that know it.
shoal_quiet_maven() {
  local major
  major=$(shoal_java_major "$JAVA_HOME")
  if [ -n "$major" ] && [ "$major" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in
      *"--sun-misc-unsafe-memory-access"*) ;;
      *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
  fi
}
