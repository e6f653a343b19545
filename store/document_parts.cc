#include "store/document_parts.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <utility>
#include <vector>

namespace govharvest {

namespace {

using nlohmann::json;

// Builds a document from parse events, skipping the members whose paths are
// not kept. Invariant: open_ holds the containers being built, root first,
// with their paths; a pointer stays valid while it is open, since its parent
// gets no new member until it is closed.
class PartsBuilder {
 public:
  explicit PartsBuilder(std::initializer_list<std::string_view> paths) : paths_(paths) {}

  json root;

  bool null() { return Scalar(nullptr); }
  bool boolean(bool v) { return Scalar(v); }
  bool number_integer(json::number_integer_t v) { return Scalar(v); }
  bool number_unsigned(json::number_unsigned_t v) { return Scalar(v); }
  bool number_float(json::number_float_t v, const json::string_t&) { return Scalar(v); }
  bool string(json::string_t& v) { return skipping_ > 0 || skip_value_ ? Scalar(nullptr) : Scalar(std::move(v)); }
  bool binary(json::binary_t&) { return Scalar(nullptr); }
  bool start_object(std::size_t) { return Open(json::object()); }
  bool start_array(std::size_t) { return Open(json::array()); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }
  bool key(json::string_t& k) {
    if (skipping_ > 0) return true;
    const std::string& parent = open_.back().path;
    key_path_ = parent.empty() ? k : parent + "." + k;
    skip_value_ = !Kept(key_path_);
    key_ = std::move(k);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

 private:
  struct OpenContainer {
    json* value;
    std::string path;
  };

  bool Kept(std::string_view path) const {
    return std::any_of(paths_.begin(), paths_.end(), [&](std::string_view p) {
      const std::string_view shorter = p.size() < path.size() ? p : path;
      const std::string_view longer = p.size() < path.size() ? path : p;
      return longer.starts_with(shorter) && (longer.size() == shorter.size() || longer[shorter.size()] == '.');
    });
  }
  // Adds `v` to the open container; returns it and its path.
  std::pair<json*, std::string> Put(json v) {
    if (open_.empty()) {
      root = std::move(v);
      return {&root, ""};
    }
    json& top = *open_.back().value;
    if (top.is_array()) {
      top.push_back(std::move(v));
      return {&top.back(), open_.back().path};
    }
    json& slot = top[key_];
    slot = std::move(v);
    return {&slot, key_path_};
  }
  bool Scalar(json v) {
    if (skipping_ > 0) return true;
    if (skip_value_) {
      skip_value_ = false;
      return true;
    }
    Put(std::move(v));
    return true;
  }
  bool Open(json empty) {
    if (skipping_ > 0 || skip_value_) {
      skip_value_ = false;
      ++skipping_;
      return true;
    }
    auto [value, path] = Put(std::move(empty));
    open_.push_back({value, std::move(path)});
    return true;
  }
  bool Close() {
    if (skipping_ > 0) {
      --skipping_;
    } else {
      open_.pop_back();
    }
    return true;
  }

  const std::initializer_list<std::string_view> paths_;
  std::vector<OpenContainer> open_;
  std::string key_;          // key of the next value in the open object
  std::string key_path_;     // its path
  int skipping_ = 0;         // depth inside a skipped container
  bool skip_value_ = false;  // the next value is skipped
};

}  // namespace

bool ListsCapture(const json& captures, const json& entry) {
  auto key = [](const json& e) {
    if (!e.is_object()) return std::pair<std::string, int64_t>();
    const auto url = e.find("url");
    return std::pair(url != e.end() && url->is_string() ? url->get<std::string>() : std::string(),
                     e.value("fetched_at_us", int64_t{0}));
  };
  if (!captures.is_array()) return false;
  const auto wanted = key(entry);
  return std::any_of(captures.begin(), captures.end(), [&](const json& e) { return key(e) == wanted; });
}

Status ReadDocumentParts(const Archive& archive, const std::string& digest,
                         std::initializer_list<std::string_view> paths, json* out) {
  std::string text;
  Status s = archive.GetDoc(digest, &text);
  if (!s.ok()) return s;
  PartsBuilder builder(paths);
  const bool parsed = json::sax_parse(text, &builder, json::input_format_t::json, /*strict=*/true);
  if (!parsed || !builder.root.is_object()) {
    return Status::Corruption("document " + digest + " is not a JSON object");
  }
  *out = std::move(builder.root);
  return Status::Ok();
}

Status ForEachDocumentParts(const Archive& archive, const std::vector<std::string>& digests,
                            std::initializer_list<std::string_view> paths, int threads,
                            const std::function<Status(const std::string& digest, json& doc)>& fn) {
  constexpr size_t kChunk = 256;  // documents read ahead of `fn`
  std::vector<json> docs;
  std::vector<Status> read;
  for (size_t begin = 0; begin < digests.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, digests.size() - begin);
    docs.assign(n, json());
    read.assign(n, Status::Ok());
    std::atomic<size_t> next{0};
    auto reader = [&] {
      for (size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) {
        read[i] = ReadDocumentParts(archive, digests[begin + i], paths, &docs[i]);
      }
    };
    {
      std::vector<std::jthread> helpers;  // joined at the end of the block
      for (int t = 1; t < threads && static_cast<size_t>(t) < n; ++t) helpers.emplace_back(reader);
      reader();
    }
    for (size_t i = 0; i < n; ++i) {
      if (read[i].IsNotFound()) continue;
      if (!read[i].ok()) return read[i];
      Status s = fn(digests[begin + i], docs[i]);
      if (!s.ok()) return s;
    }
  }
  return Status::Ok();
}

}  // namespace govharvest
