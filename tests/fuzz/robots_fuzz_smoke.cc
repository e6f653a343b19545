// RobotsFuzzSmoke: the robots.txt fuzz entry point (robots_fuzz.cc) over
// seeded mutations of tests/fuzz/corpus/robots (see fuzz_smoke.h). The
// fragments are directives, their common misspellings, wildcards, anchors,
// percent-escapes, huge numbers and line ends of every kind.
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_smoke.h"

namespace {

const std::vector<std::string>& Fragments() {
  static const std::vector<std::string> kFragments = {
      "\n", "\r\n", "\r", "User-agent: *\n", "User-agent: GovHarvest\n", "useragent: govharvest/1.0\n", "user agent:",
      "Disallow: /", "Disallow:", "Allow: /", "Dissalow: ", "Crawl-delay: ", "crawl delay:", "Sitemap: ", "#", ":",
      "*", "**", "$", "$$", "/*$", "/a*b*c$", "%", "%2", "%2A", "%24", "%7E", "%7e", "%E6%94%BF", "%zz", "?", "?x=1",
      "/robots.txt", " ", "\t", "\x0b", "\x00", "\xEF\xBB\xBF", "\xE6\x94\xBF", "\xFF", "0", ".5", "3.", "1.25",
      "99999999999999999999", "-1", "1e9", "NaN", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "/aaaa/", "/a", "b", "c",
  };
  return kFragments;
}

}  // namespace

int main(int argc, char** argv) {
  FuzzSmokeTarget target{"robots_fuzz_smoke", "parsed", 20, Fragments()};
  target.extensions = {".txt"};
  return RunFuzzSmoke(argc, argv, target);
}
