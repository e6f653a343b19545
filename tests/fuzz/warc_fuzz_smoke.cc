// WarcFuzzSmoke: the WARC fuzz entry point (warc_fuzz.cc) over seeded
// mutations of tests/fuzz/corpus/warc (see fuzz_smoke.h). The fragments are
// record starts, header lines with hostile numbers, HTTP heads, chunk sizes
// and codings, so that mutations reach the limits and the decoders.
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_smoke.h"

namespace {

const std::vector<std::string>& Fragments() {
  static const std::vector<std::string> kFragments = {
      "\r\n", "\n", "\r\n\r\n", "WARC/1.0\r\n", "WARC/1.1\r\n", "WARC/1.", "WARC/2.0\r\n", "\nWARC/1.1\r\n",
      "WARC-Type: response\r\n", "WARC-Type: revisit\r\n", "WARC-Type: request\r\n", "WARC-Type: resource\r\n",
      "WARC-Type: metadata\r\n", "Content-Length: 0\r\n", "Content-Length: 99999999999999999999\r\n",
      "Content-Length: 2147483648\r\n", "Content-Length: -1\r\n", "Content-Length: 12abc\r\n", "Content-Length: \r\n",
      "Content-Length: 1e9\r\n", "Content-Length: 18446744073709551616\r\n", "WARC-Target-URI: http://a.example/\r\n",
      "WARC-Target-URI: <https://b.example/x>\r\n", "WARC-Date: 2024-03-01T08:00:00Z\r\n", "WARC-Date: 9999-99-99\r\n",
      "WARC-Refers-To: <urn:uuid:00000000-0000-0000-0000-000000000002>\r\n",
      "WARC-Concurrent-To: <urn:uuid:00000000-0000-0000-0000-000000000002>\r\n",
      "Content-Type: application/http; msgtype=response\r\n", "HTTP/1.1 200 OK\r\n", "HTTP/1.1 99999999999999999999 OK\r\n",
      "HTTP/1.1 -200 OK\r\n", "HTTP/1.1 2000 OK\r\n", "HTTP/1.0 304 \r\n", "HTTP/", "Transfer-Encoding: chunked\r\n",
      "Content-Encoding: gzip\r\n", "Content-Encoding: deflate\r\n", "ffffffffffffffff\r\n", "0\r\n\r\n", "7fffffff\r\n",
      "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", "\x78\x9c", " continued\r\n", "\t\r\n", ":", "govharvest-capture: {",
      "{\"requested_url\":\"http://a.example/\",\"fetched_at\":\"2024-03-01T08:00:00Z\",\"outcome\":\"ok\"}", "\x00", "\xff",
  };
  return kFragments;
}

}  // namespace

int main(int argc, char** argv) {
  FuzzSmokeTarget target{"warc_fuzz_smoke", "read", 40, Fragments()};
  target.extensions = {".warc", ".seed"};
  return RunFuzzSmoke(argc, argv, target);
}
