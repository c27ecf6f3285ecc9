#!/usr/bin/env bash
# The single-header path exactly as docs/integration.md prints it ("Single header", the table
# after `<!-- single-header-files -->`, which the README's quick start links): for each row, copy
# exactly the listed files of single_include/ into an empty folder (include/<path>, the .cpp
# beside main.cpp) and check that every listed header preprocesses there alone; then build the
# documentation's own snippets (README.md and docs/) with the printed command
# `CXX -std=c++17 -I include main.cpp <the row's flags>`:
#   curl_transport row        the quick start (readme_quick_start), compiled and linked
#   httplib row               the cpp-httplib transport (readme_transport), linked as printed and
#                             run against a closed loopback port (no munmap_chunk crash)
#   separate compilation row  acs_rooms_compiled.cpp compiled once, and the builders-and-parsers
#                             snippet (readme_builders) compiled with the row's flag, linked, run
# The three builds run side by side: 40-50 s of CPU in all (most of it nlohmann/json), about half
# that in wall time on two cores.
# Usage: single_header_copy.sh SOURCE_DIR WORK_DIR CXX
set -euo pipefail
src=$1 work=$2 cxx=$3
rm -rf "$work"
mkdir -p "$work"
python3 "$src/tools/extract_snippets.py" "$work/snippets" readme_quick_start readme_transport \
  readme_builders

# One line per table row: the files, a tab, the flags (each the row's `backticked` words).
rows=$(python3 - "$src/docs/integration.md" <<'EOF'
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
start = next(i for i, l in enumerate(lines) if "<!-- single-header-files -->" in l)
table = []
for line in lines[start + 1:]:
    if not line.strip().startswith("|"):
        break
    table.append(line)
for line in table[2:]:  # after the header and the |---| line
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    files = re.findall(r"`([^`]+)`", cells[1])
    flags = " ".join(re.findall(r"`([^`]+)`", cells[2]))
    print(" ".join(files) + "\t" + flags)
EOF
)
[[ $(wc -l <<<"$rows") -ge 8 ]] || { echo "docs/integration.md's single-header table not found: $rows"; exit 1; }

n=0 jobs_=()
while IFS=$'\t' read -r files flags; do
  n=$((n + 1))
  dir="$work/row$n"
  mkdir -p "$dir/include"
  headers=()
  for file in $files; do
    if [[ $file == *.hpp ]]; then
      mkdir -p "$(dirname "$dir/include/$file")"
      cp "$src/single_include/$file" "$dir/include/$file"
      headers+=("$file")
    else
      cp "$src/single_include/$file" "$dir/"
    fi
  done
  if [[ " $files " == *" acs/rooms/async.hpp "* ]] &&
    ! echo '#include <boost/asio.hpp>' | "$cxx" -E -x c++ - -o /dev/null 2>/dev/null; then
    echo "row $n ($files): skipped, no Boost.Asio"
    continue
  fi
  # Every listed header, with only the row's files there: each #include <acs/...> resolves.
  printf '#include <%s>\n' "${headers[@]}" >"$dir/headers.cpp"
  "$cxx" -std=c++17 -I "$dir/include" -E "$dir/headers.cpp" -o /dev/null ||
    { echo "row $n ($files): the listed headers do not preprocess alone"; exit 1; }
  echo "row $n: $files: preprocessed alone"

  # shellcheck disable=SC2086 # the flags are words
  if [[ " $files " == *" acs/rooms/transport/curl.hpp "* ]]; then
    cp "$work/snippets/readme_quick_start.hpp" "$dir/main.cpp"
    (cd "$dir" && "$cxx" -std=c++17 -I include main.cpp $flags -o app) >"$dir/log" 2>&1 &
    jobs_+=("$!:$dir:quick start ($flags)")
  elif [[ " $files " == *" acs/rooms/transport/httplib.hpp "* ]]; then
    { cat "$work/snippets/readme_transport.hpp"
      cat <<'EOF'
#include <cstdio>
int main() { // nothing listens on port 1: my_transport throws, as the snippet says it does
  auto client = acs::rooms::make_client("endpoint=http://127.0.0.1:1/;accesskey=bm90IGEga2V5",
                                        my_transport{}).value();
  try {
    (void)client.get_room("99117812428622880");
  } catch (const std::runtime_error& e) {
    std::printf("as expected: %s\n", e.what());
    return 0;
  }
  return 1;
}
EOF
    } >"$dir/main.cpp"
    (cd "$dir" && "$cxx" -std=c++17 -I include main.cpp $flags -o app && ./app) >"$dir/log" 2>&1 &
    jobs_+=("$!:$dir:cpp-httplib transport ($flags), run")
  elif [[ " $files " == *" acs_rooms_compiled.cpp "* ]]; then
    cat >"$dir/main.cpp" <<'EOF'
#include <acs/rooms.hpp>
#include <cstdio>
#include <future>
namespace {
const char* const access_key = "bm90IGEga2V5"; // base64 of "not a key"
std::future<acs::rooms::http_response> my_async_http(const acs::rooms::http_request&) {
  std::promise<acs::rooms::http_response> answer;
  answer.set_value({200, {}, R"({"id":"99117812428622880","createdAt":"2026-11-24T12:00:00Z",
    "validFrom":"2026-11-24T12:00:00Z","validUntil":"2026-12-24T12:00:00Z",
    "pstnDialOutEnabled":false})"});
  return answer.get_future();
}
} // namespace
int main() {
#include "snippet.hpp"
  if (!r || r->id != "99117812428622880") {
    std::puts(r ? "wrong room" : r.error().describe().c_str());
    return 1;
  }
  return 0;
}
EOF
    cp "$work/snippets/readme_builders.hpp" "$dir/snippet.hpp"
    (cd "$dir" && "$cxx" -std=c++17 -I include -c acs_rooms_compiled.cpp -o acs_rooms_compiled.o &&
      "$cxx" -std=c++17 -I include $flags main.cpp acs_rooms_compiled.o -o app && ./app) \
      >"$dir/log" 2>&1 &
    jobs_+=("$!:$dir:separate compilation ($flags), run")
  fi
done <<<"$rows"

failed=0
for job in "${jobs_[@]}"; do
  IFS=: read -r pid dir what <<<"$job"
  if wait "$pid"; then
    echo "built: $what"
  else
    echo "FAILED: $what, in $dir:"
    cat "$dir/log"
    failed=1
  fi
done
[[ $failed -eq 0 ]] || exit 1
[[ ${#jobs_[@]} -eq 3 ]] || { echo "expected three rows with snippets, found ${#jobs_[@]}"; exit 1; }
