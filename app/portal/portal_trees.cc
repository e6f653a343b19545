#include "app/portal/portal_trees.h"

#include <algorithm>
#include <cctype>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>

#include "app/portal/portal_columns.h"
#include "app/portal/portal_content.h"

namespace govharvest::portal {

namespace {

using json = nlohmann::json;
using Ctx = std::map<std::string, std::string>;

// The listening address of the trees mode.
constexpr const char* kAddress = "127.0.0.200";

// "http://host/path?q" -> host and "/path?q"; false when not an http URL.
bool SplitUrl(const std::string& url, std::string* host, std::string* target) {
  if (url.rfind("http://", 0) != 0) return false;
  const size_t slash = url.find('/', 7);
  *host = url.substr(7, slash == std::string::npos ? std::string::npos : slash - 7);
  *target = slash == std::string::npos ? "/" : url.substr(slash);
  return !host->empty();
}

// j[key], or an empty array/object when absent (a reference: loops over it
// must not iterate a temporary).
const json& Field(const json& j, const char* key, bool array) {
  static const json kEmptyArray = json::array(), kEmptyObject = json::object();
  if (j.contains(key)) return j.at(key);
  return array ? kEmptyArray : kEmptyObject;
}

std::string DirOf(const std::string& path) { return path.substr(0, path.rfind('/') + 1); }

// Replaces [[key]] with the body's value `key` (trees.json strings use [[ ]]
// so that the {{ }} of the column variants pass through untouched).
std::string Subst(std::string s, const Ctx& ctx) {
  if (s.find("[[") == std::string::npos) return s;
  for (const auto& [k, v] : ctx) s = ReplaceAll(std::move(s), "[[" + k + "]]", v);
  if (s.find("[[") != std::string::npos && s.find("]]", s.find("[[")) != std::string::npos) {
    throw std::runtime_error("unknown [[value]] in " + s);
  }
  return s;
}

// Subst on every string of `j` (the column patches).
json FillJson(const json& j, const Ctx& ctx) {
  if (j.is_string()) return Subst(j.get<std::string>(), ctx);
  if (j.is_array() || j.is_object()) {
    json out = j;
    for (auto& [k, v] : out.items()) v = FillJson(v, ctx);
    return out;
  }
  return j;
}

// One page the tree serves as it is (rendered at start-up).
struct Page {
  int status = 200;
  std::string html;
  std::string location;  // redirects
};

// One body (a government, department, township) of a tree.
struct Body {
  json spec;                 // body_defaults merged with the body's own fields
  Ctx vars;                  // its fields as template values
  std::string page;          // URL of the body's page
  std::string column_url;    // the column as the body's pages link it; "" without a column
  std::string column_host;
  std::string instance;      // ColumnPortal instance id
  json column_bodies = json::array();  // other bodies whose reports its column holds
};

struct Tree {
  json spec;
  std::string id;
  std::vector<std::string> template_dirs;
  Ctx vars;
  std::vector<Body> bodies;
  json decoys = json::array();       // {url, kind, title}
  json chrome_links = json::array();  // {url, on}
  json foreign_links = json::array();  // {url, text, on, owner}: a body's page linking another body's column
  json copies = json::array();         // {url, of}: pages listing a body's reports again
  std::map<std::string, std::string> robots;  // host -> its robots.txt (others allow everything)
  std::vector<std::string> page_urls;  // the pages it serves (not its columns)
  json dead_links = json::array();     // {url, on}: links of its pages that answer 404
  // Shortest click paths from the homes (links and <option> values between
  // the tree's own pages): the page each page is first reached from, and its depth.
  std::map<std::string, std::string> reached_from;
  std::map<std::string, int> depth;
};

// The absolute URL of `href` on the page at `base` (http only); "" for
// fragments, javascript: and mailto: links.
std::string Resolve(const std::string& base, std::string href) {
  href = href.substr(0, href.find('#'));
  if (href.empty() || href.rfind("javascript:", 0) == 0 || href.rfind("mailto:", 0) == 0) return "";
  if (href.rfind("http://", 0) == 0 || href.rfind("https://", 0) == 0) return href;
  if (href.rfind("//", 0) == 0) return "http:" + href;
  std::string host, target;
  if (!SplitUrl(base, &host, &target)) return "";
  if (href[0] == '/') return "http://" + host + href;
  std::string path = DirOf(target.substr(0, target.find('?')));
  while (true) {
    if (href.rfind("./", 0) == 0) {
      href = href.substr(2);
    } else if (href.rfind("../", 0) == 0) {
      href = href.substr(3);
      if (path.size() > 1) path = DirOf(path.substr(0, path.size() - 1));
    } else {
      break;
    }
  }
  return "http://" + host + path + href;
}

// The href values of a page.
std::vector<std::string> Hrefs(const std::string& html) {
  std::vector<std::string> out;
  for (size_t at = html.find("href="); at != std::string::npos; at = html.find("href=", at + 1)) {
    if (at + 5 >= html.size() || (html[at + 5] != '"' && html[at + 5] != '\'')) continue;
    const size_t end = html.find(html[at + 5], at + 6);
    if (end == std::string::npos) break;
    out.push_back(html.substr(at + 6, end - at - 6));
  }
  return out;
}

// The value="…" of the <option>s of a page (dropdown directories).
std::vector<std::string> OptionValues(const std::string& html) {
  std::vector<std::string> out;
  for (size_t at = html.find("<option value=\""); at != std::string::npos; at = html.find("<option value=\"", at + 1)) {
    const size_t end = html.find('"', at + 15);
    if (end == std::string::npos) break;
    out.push_back(html.substr(at + 15, end - at - 15));
  }
  return out;
}

// Where a shell page sends the browser: location.href="…" scripts,
// <meta http-equiv="refresh" content="0;url=…">, and <iframe src="…">.
std::vector<std::string> ShellTargets(const std::string& html) {
  std::vector<std::string> out;
  for (const std::string open : {"location.href=\"", "content=\"0;url=", "<iframe id=\"FrameMoreInfo\" src=\""}) {
    for (size_t at = html.find(open); at != std::string::npos; at = html.find(open, at + 1)) {
      const size_t end = html.find('"', at + open.size());
      if (end == std::string::npos) break;
      out.push_back(html.substr(at + open.size(), end - at - open.size()));
    }
  }
  return out;
}

// One column instance: which host serves it and the path prefix it owns;
// with a query key, only requests whose query has key=value (units of one
// platform page told apart by `unitid`).
struct ColumnRoute {
  std::string host, prefix;
  size_t index = 0;
  std::string query_key, query_value;

  bool Owns(const std::string& served_host, const std::string& path, const std::string& query) const {
    if (host != served_host || path.rfind(prefix, 0) != 0) return false;
    return query_key.empty() || QueryValue(query, query_key) == query_value;
  }
};

// The query of a request target ("" when none).
std::string QueryOf(const std::string& target) {
  const size_t q = target.find('?');
  return q == std::string::npos ? "" : target.substr(q + 1);
}

}  // namespace

struct TreePortal::Impl {
  std::filesystem::path root, dir;
  uint64_t seed = 1;
  int port = 0;
  json spec;
  std::deque<Tree> trees;  // a deque: pointers to loaded trees stay valid
  std::map<std::string, Page> pages;                 // by URL ("http://host/target")
  std::map<std::string, std::string> aliases;        // host -> the host whose pages it serves
  std::map<std::string, std::string> out_of_scope;   // host -> tree id
  std::set<std::string> hosts;                       // every host served
  std::vector<ColumnRoute> routes;
  std::unique_ptr<ColumnPortal> columns;
  std::map<std::string, int64_t> requests_by_host;
  int64_t refused = 0;
  mutable std::mutex mu;

  std::string Template(const Tree& t, const std::string& name) { return LoadTemplate(dir, t.template_dirs, name); }

  Tree* adding = nullptr;  // the tree being loaded

  void AddPage(const std::string& url, const std::string& html, int status = 200) {
    if (pages.count(url)) throw std::runtime_error("two pages at " + url);
    pages[url] = Page{status, html, ""};
    if (adding != nullptr) adding->page_urls.push_back(url);
  }

  // Whether a GET of `url` answers something other than 404/502.
  bool Answers(const std::string& url) const {
    std::string host, target;
    if (!SplitUrl(url, &host, &target) || !hosts.count(host)) return false;
    const std::string served = aliases.count(host) ? aliases.at(host) : host;
    const std::string path = target.substr(0, target.find('?'));
    if (pages.count("http://" + served + target) || pages.count("http://" + served + path) || path == "/robots.txt") {
      const auto it = pages.count("http://" + served + target) ? pages.find("http://" + served + target) : pages.find("http://" + served + path);
      return it == pages.end() || it->second.status != 404;
    }
    for (const ColumnRoute& r : routes) {
      if (r.Owns(served, path, QueryOf(target))) return columns->Handle(r.index, HttpRequest{"GET", target, "", "", host}).status != 404;
    }
    return false;
  }

  // Every link of the tree's pages that answers 404 (or 502), with a page that has it.
  // Breadth-first from the homes over the tree's own pages (the same host
  // names, aliases served as their host; columns are leaves: their entry is
  // reached, their own pages are not walked).
  void FindPaths(Tree& t) const {
    std::set<std::string> own_hosts;
    for (const auto& h : t.spec.at("hosts")) own_hosts.insert(h.get<std::string>());
    for (const auto& [from, to] : Field(t.spec, "aliases", false).items()) own_hosts.insert(from);
    std::set<std::string> entries;
    for (const Body& b : t.bodies) {
      if (!b.column_url.empty()) entries.insert(b.column_url);
    }
    std::vector<std::string> queue;
    for (const auto& h : t.spec.at("homes")) {
      queue.push_back(h.get<std::string>());
      t.depth[queue.back()] = 0;
    }
    for (size_t i = 0; i < queue.size(); ++i) {
      const std::string page = queue[i];
      auto it = pages.find(page);
      if (it == pages.end() || entries.count(page)) continue;  // a column entry, or no tree page
      std::vector<std::string> links = Hrefs(it->second.html);
      for (const std::string& v : OptionValues(it->second.html)) links.push_back(v);
      for (const std::string& v : ShellTargets(it->second.html)) links.push_back(v);
      for (const std::string& href : links) {
        const std::string url = Resolve(page, href);
        std::string host, target;
        if (url.empty() || t.depth.count(url) || !SplitUrl(url, &host, &target) || !own_hosts.count(host)) continue;
        if (!pages.count(url) && !entries.count(url)) continue;
        t.depth[url] = t.depth[page] + 1;
        t.reached_from[url] = page;
        queue.push_back(url);
      }
    }
  }

  // The pages on the shortest paths from a home to every column entry: the
  // fewest requests (robots.txt left out) that find every column by following links.
  size_t MinimalRequests(const Tree& t) const {
    std::set<std::string> needed;
    for (const Body& b : t.bodies) {
      for (std::string at = b.column_url; !at.empty() && needed.insert(at).second;) {
        auto it = t.reached_from.find(at);
        at = it == t.reached_from.end() ? "" : it->second;
      }
    }
    needed.erase("");
    return needed.size();
  }

  void FindDeadLinks(Tree& t) const {
    std::set<std::string> seen;
    for (const std::string& page : t.page_urls) {
      for (const std::string& href : Hrefs(pages.at(page).html)) {
        const std::string url = Resolve(page, href);
        if (url.empty() || !seen.insert(url).second) continue;
        if (!Answers(url)) t.dead_links.push_back({{"url", url}, {"on", page}});
      }
    }
  }

  // A look-alike column: a list of a few items, each a short document page.
  void AddDecoy(Tree& t, const std::string& url, const std::string& kind, const std::string& name, const Ctx& who) {
    Ctx c = t.vars;
    for (const auto& [k, v] : who) c[k] = v;
    c["column_name"] = name;
    std::string items;
    const json& titles = spec.at("decoy_titles").at(kind);
    for (int year : {2024, 2023, 2022}) {
      Ctx d = c;
      d["year"] = std::to_string(year);
      d["title"] = RenderTemplate(titles.get<std::string>(), d);
      d["url"] = DirOf(url) + "t" + std::to_string(year) + "0315_" + std::to_string(year * 7 % 1000) + ".html";
      d["date"] = std::to_string(year + 1) + "-03-15";
      items += RenderTemplate("<li><a href=\"{{url}}\" target=\"_blank\">{{title}}</a><span>{{date}}</span></li>\n", d);
      AddPage(d["url"], RenderTemplate(Template(t, "doc.html"), d));
      t.decoys.push_back({{"url", d["url"]}, {"kind", kind}, {"title", d["title"]}});
    }
    c["items"] = items;
    AddPage(url, RenderTemplate(Template(t, "decoy.html"), c));
    t.decoys.push_back({{"url", url}, {"kind", kind}, {"title", name}});
  }

  // Pages that list a body's reports a second time (a department's own
  // module repeating its platform column): rendered once the columns exist,
  // each item linking the report's URL in the body's column.
  void AddCopies(Tree& t, const json& column_truth) {
    adding = &t;
    for (const auto& cp : Field(t.spec, "copies", true)) {
      const std::string of = cp.at("of").get<std::string>();
      const auto body = std::find_if(t.bodies.begin(), t.bodies.end(), [&](const Body& b) { return b.vars.at("id") == of; });
      if (body == t.bodies.end() || body->column_url.empty()) throw std::runtime_error(t.id + ": copy of a body without a column: " + of);
      std::string items;
      for (const auto& r : column_truth.at(body->instance).at("reports")) {
        Ctx d = body->vars;
        d["url"] = r.at("url").get<std::string>();
        d["title"] = r.at("title").get<std::string>();
        d["date"] = r.at("published").get<std::string>();
        items += RenderTemplate(cp.at("item").get<std::string>(), d);
      }
      Ctx c = t.vars;
      for (const auto& [k, v] : body->vars) c[k] = v;
      c["items"] = items;
      const std::string url = RenderTemplate(cp.at("url").get<std::string>(), c);
      AddPage(url, RenderTemplate(Template(t, cp.at("template").get<std::string>()), c));
      t.copies.push_back({{"url", url}, {"of", of}});
    }
    adding = nullptr;
  }

  void LoadTree(const json& s, std::vector<ColumnInstance>* instances) {
    trees.emplace_back();
    Tree& t = trees.back();
    adding = &t;
    t.spec = s;
    t.id = s.at("id").get<std::string>();
    t.template_dirs = {t.id, "common"};
    for (const auto& [k, v] : Field(s, "vars", false).items()) t.vars[k] = v.get<std::string>();
    for (const auto& h : s.at("hosts")) hosts.insert(h.get<std::string>());
    for (const auto& [from, to] : Field(s, "aliases", false).items()) {
      aliases[from] = to.get<std::string>();
      hosts.insert(from);
    }
    // Bodies, with their columns.
    const json defaults = Field(s, "body_defaults", false);
    int n = 0;
    for (const auto& b : s.at("bodies")) {
      Body body;
      json merged = defaults.contains(b.value("group", "")) ? defaults[b.value("group", "")] : json::object();
      merged.merge_patch(b);
      ++n;
      body.vars = t.vars;
      body.vars["n"] = std::to_string(n);
      // Numbers (folder and column ids) derived from the body's position.
      for (int i = 0; i < 4; ++i) body.vars["k" + std::to_string(i)] = std::to_string(s.value("number_base", 0) + 4 * n + i);
      for (const auto& [k, v] : merged.items()) {
        if (v.is_string()) body.vars[k] = v.get<std::string>();
      }
      for (const auto& [k, v] : merged.items()) {
        if (v.is_string()) body.vars[k] = Subst(v.get<std::string>(), body.vars);
      }
      body.spec = merged;
      body.page = body.vars.at("page");
      const json column = merged.value("column", json());
      if (column.is_object() && merged.value("has_column", true)) {
        const json c = FillJson(column, body.vars);
        body.column_url = c.at("url").get<std::string>();
        std::string target;
        if (!SplitUrl(body.column_url, &body.column_host, &target)) throw std::runtime_error("bad column URL " + body.column_url);
        body.instance = t.id + "." + body.vars.at("id");
        json patch = Field(c, "patch", false);
        patch["agency"] = {{"agency", body.vars.at("agency")}, {"city", t.vars.at("city")}, {"short", body.vars.at("short")}};
        instances->push_back({body.instance, c.at("variant").get<std::string>(), patch, "http://" + body.column_host});
        ColumnRoute route{body.column_host, DirOf(patch.at("entry").get<std::string>()), instances->size() - 1, "", ""};
        if (c.contains("route_query")) {
          // "key=value": the request's query picks this body's column among those on one path.
          const std::string kv = c.at("route_query").get<std::string>();
          route.query_key = kv.substr(0, kv.find('='));
          route.query_value = kv.substr(kv.find('=') + 1);
        }
        routes.push_back(route);
        // The bodies whose reports the column also holds (years-mode groups).
        for (const auto& g : Field(patch, "year_groups", true)) {
          for (const auto& gb : g.at("bodies")) {
            body.column_bodies.push_back({{"agency", gb.at("agency")}, {"level", gb.value("level", "")}, {"group", g.at("name")},
                                          {"from", gb.value("from", 0)}});
          }
        }
      }
      t.bodies.push_back(std::move(body));
    }
    // Values every page may use: each body's page and column, and the lists.
    for (const Body& b : t.bodies) {
      t.vars["page_" + b.vars.at("id")] = b.page;
      t.vars["col_" + b.vars.at("id")] = b.column_url;
    }
    for (const auto& [name, item] : Field(s, "lists", false).items()) {
      std::string html;
      for (const Body& b : t.bodies) {
        if (b.spec.value("group", "") == item.at("group").get<std::string>()) html += RenderTemplate(item.at("html").get<std::string>(), b.vars);
      }
      t.vars[name] = html;
    }
    // Look-alikes of the tree, then of its bodies.
    for (const auto& d : Field(s, "decoys", true)) {
      AddDecoy(t, d.at("url").get<std::string>(), d.at("kind").get<std::string>(), d.at("name").get<std::string>(), {});
    }
    const json body_decoys = Field(s, "body_decoys", false);
    for (Body& b : t.bodies) {
      std::string links;
      for (const auto& k : Field(b.spec, "decoys", true)) {
        const json& d = body_decoys.at(k.get<std::string>());
        Ctx c = b.vars;
        c["url"] = Subst(d.at("url").get<std::string>(), b.vars);
        links += RenderTemplate(d.at("link").get<std::string>(), c);
        AddDecoy(t, c["url"], k.get<std::string>(), d.at("name").get<std::string>(), b.vars);
      }
      b.vars["decoy_links"] = links;
      // The body's other disclosure nodes (指南, 法定主动公开内容, 依申请公开): plain pages.
      std::string nodes;
      for (const auto& node : Field(b.spec, "nodes", true)) {
        Ctx c = b.vars;
        c["url"] = Subst(node.at("url").get<std::string>(), b.vars);
        c["column_name"] = node.at("name").get<std::string>();
        nodes += RenderTemplate(s.at("node_link").get<std::string>(), c);
        AddPage(c["url"], RenderTemplate(Template(t, "node.html"), c));
      }
      b.vars["node_links"] = nodes;
    }
    // Pages: the tree's own, then one per body.
    for (const auto& p : s.at("pages")) {
      const std::string html = RenderTemplate(Template(t, p.at("template").get<std::string>()), t.vars);
      AddPage(p.at("url").get<std::string>(), html);
      for (const auto& also : Field(p, "also", true)) AddPage(also.get<std::string>(), html);
    }
    for (Body& b : t.bodies) {
      if (!b.spec.contains("template")) continue;  // the body's page is one of the tree's pages
      Ctx c = t.vars;
      for (const auto& [k, v] : b.vars) c[k] = v;
      c["column"] = b.column_url;
      AddPage(b.page, RenderTemplate(Template(t, b.spec.at("template").get<std::string>()), c));
      // A root URL the directory links instead of the page: a shell, a
      // redirect, or nothing (404).
      if (b.spec.contains("root_redirect")) {
        pages[b.vars.at("root")] = Page{302, "", b.spec.at("root_redirect").get<std::string>()};
      } else if (b.spec.contains("root_template")) {
        AddPage(b.vars.at("root"), RenderTemplate(Template(t, b.spec.at("root_template").get<std::string>()), c));
      }
    }
    for (const auto& r : Field(s, "redirects", true)) {
      pages[r.at("url").get<std::string>()] = Page{r.value("status", 301), "", r.at("to").get<std::string>()};
    }
    // Sites of other regions: each a small home page with its own 年报 link.
    for (const auto& o : Field(s, "out_of_scope", true)) {
      std::string host, target;
      SplitUrl(o.at("url").get<std::string>(), &host, &target);
      hosts.insert(host);
      out_of_scope[host] = t.id;
      Ctx c = t.vars;
      c["name"] = o.at("name").get<std::string>();
      c["host"] = host;
      if (!pages.count("http://" + host + "/")) {
        AddPage("http://" + host + "/", RenderTemplate(Template(t, "outside.html"), c));
        AddPage("http://" + host + "/zfxxgknb/", RenderTemplate(Template(t, "outside_nb.html"), c));
      }
    }
    for (const auto& c : Field(s, "chrome_links", true)) {
      json on = json::array();
      for (const Body& b : t.bodies) {
        if (b.spec.value("group", "") == c.at("on_group").get<std::string>()) on.push_back(b.page);
      }
      t.chrome_links.push_back({{"url", RenderTemplate(c.at("url").get<std::string>(), t.vars)}, {"text", c.at("text")}, {"on", on}});
    }
    for (const auto& f : Field(s, "foreign_links", true)) {
      t.foreign_links.push_back({{"url", RenderTemplate(f.at("url").get<std::string>(), t.vars)}, {"text", f.at("text")},
                                 {"on", RenderTemplate(f.at("on").get<std::string>(), t.vars)}, {"owner", f.at("owner")}});
    }
    // Look-alike pages that are not lists (internal offices of a department):
    // a template with the page's title.
    for (const auto& d : Field(s, "decoy_pages", true)) {
      Ctx c = t.vars;
      c["title"] = d.at("title").get<std::string>();
      AddPage(d.at("url").get<std::string>(), RenderTemplate(Template(t, d.at("template").get<std::string>()), c));
      t.decoys.push_back({{"url", d.at("url")}, {"kind", d.at("kind")}, {"title", d.at("title")}});
    }
    for (const auto& [host, text] : Field(s, "robots", false).items()) {
      if (!hosts.count(host)) throw std::runtime_error(t.id + ": robots.txt for a host it does not serve: " + host);
      t.robots[host] = text.get<std::string>();
    }
    adding = nullptr;
  }

  void Load() {
    dir = root / "app/portal/trees";
    spec = json::parse(ReadFileOrThrow(dir / "trees.json"));
    std::vector<ColumnInstance> instances;
    std::set<std::string> ids;
    for (const auto& s : spec.at("trees")) {
      if (!ids.insert(s.at("id").get<std::string>()).second) throw std::runtime_error("tree " + s.at("id").get<std::string>() + " twice");
      LoadTree(s, &instances);
    }
    columns = std::make_unique<ColumnPortal>(root.string(), seed, instances);
    const json column_truth = columns->Manifest().at("variants");
    for (Tree& t : trees) AddCopies(t, column_truth);
    for (Tree& t : trees) {
      FindDeadLinks(t);
      FindPaths(t);
    }
  }

  // ---- serving ---------------------------------------------------------------


  std::string Self() const { return std::string(kAddress) + ":" + std::to_string(port); }

  HttpResponse Handle(const HttpRequest& req) {
    std::lock_guard<std::mutex> lock(mu);
    std::string host = req.host;
    if (const size_t colon = host.find(':'); colon != std::string::npos) {
      // Tree URLs have no port: ":80" is the same host, any other port is a
      // host no tree serves (502). The listening address keeps its admin pages.
      if (host.substr(colon + 1) == "80" || host.substr(0, colon) == kAddress) host = host.substr(0, colon);
    }
    for (char& ch : host) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const size_t q = req.target.find('?');
    const std::string path = req.target.substr(0, q);
    if (host == kAddress || host.empty()) {
      if (path == "/__manifest.json") return TextResponse(200, "application/json", ManifestLocked().dump(1) + "\n");
      if (path == "/__admin/stats") {
        return TextResponse(200, "application/json", json{{"requests_by_host", requests_by_host}, {"refused", refused}}.dump(1) + "\n");
      }
      return TextResponse(404, "text/plain; charset=utf-8", "not found\n");
    }
    if (!hosts.count(host)) {
      ++refused;
      return TextResponse(502, "text/plain; charset=utf-8", "502 Bad Gateway: the simulator serves no host " + host + "\n");
    }
    ++requests_by_host[host];
    if (req.method != "GET" && req.method != "HEAD" && req.method != "POST") return TextResponse(405, "text/plain", "method not allowed\n");
    if (path == "/robots.txt") {
      for (const Tree& t : trees) {
        if (t.robots.count(host)) return TextResponse(200, "text/plain", t.robots.at(host));
      }
      return TextResponse(200, "text/plain", "User-agent: *\nDisallow:\n");
    }
    const std::string served = aliases.count(host) ? aliases.at(host) : host;
    auto page = pages.find("http://" + served + req.target);
    // Static pages ignore their query (dir/?id=1780 is dir/).
    if (page == pages.end()) page = pages.find("http://" + served + path);
    if (page != pages.end()) {
      HttpResponse r = TextResponse(page->second.status, "text/html; charset=utf-8", page->second.html);
      if (!page->second.location.empty()) r.headers.push_back({"Location", page->second.location});
      return r;
    }
    for (const ColumnRoute& r : routes) {
      // The column's own pages (ColumnPortal locks on its own; it never calls back).
      if (r.Owns(served, path, QueryOf(req.target))) return columns->Handle(r.index, req);
    }
    return TextResponse(404, "text/html; charset=utf-8", LoadTemplate(dir, {"common"}, "404.html"));
  }

  json ManifestLocked() const {
    json out = {{"generator", "govharvest-portal --trees"}, {"seed", seed},
                {"proxy", "http://" + Self()}, {"trees", json::object()}};
    const json column_truth = columns->Manifest().at("variants");
    for (const Tree& t : trees) {
      json bodies = json::array();
      for (const Body& b : t.bodies) {
        json one = {{"id", b.vars.at("id")}, {"agency", b.vars.at("agency")}, {"name_on_pages", b.vars.at("short")},
                    {"level", b.vars.at("level")}, {"parent", b.spec.value("parent", "")},
                    {"division_code", b.spec.value("division_code", "")}, {"page", b.page},
                    {"has_column", !b.column_url.empty()}, {"entries", json::array()}, {"hosts", json::array()}};
        if (!b.column_url.empty()) {
          const json& c = column_truth.at(b.instance);
          one["entries"].push_back(b.column_url);
          one["hosts"].push_back(b.column_host);
          one["column_variant"] = b.spec.at("column").at("variant");
          one["reports"] = c.at("reports");
          one["column_decoys"] = c.at("decoys");
          one["list_pages"] = c.at("list_pages");
          std::set<int> years;
          for (const auto& r : c.at("reports")) years.insert(r.at("year").get<int>());
          one["years"] = years;
          // Clicks from a home to the column (-1: no link path reaches it).
          one["clicks"] = t.depth.count(b.column_url) ? t.depth.at(b.column_url) : -1;
        }
        if (!b.column_bodies.empty()) one["column_bodies"] = b.column_bodies;
        if (b.spec.contains("site")) one["site"] = b.vars.at("site");
        if (b.spec.contains("root")) {
          one["root"] = b.vars.at("root");
          one["root_kind"] = b.spec.value("root_kind", "");
        }
        bodies.push_back(one);
      }
      json outside = json::array();
      for (const auto& [h, id] : out_of_scope) {
        if (id == t.id) outside.push_back("http://" + h + "/");
      }
      json homes = t.spec.at("homes");
      size_t with_column = 0;
      for (const Body& b : t.bodies) with_column += b.column_url.empty() ? 0 : 1;
      out["trees"][t.id] = {{"title", t.spec.at("title")}, {"model", t.spec.at("model")}, {"homes", homes},
                            {"hosts", t.spec.at("hosts")}, {"aliases", Field(t.spec, "aliases", false)},
                            {"bodies", bodies}, {"decoys", t.decoys}, {"chrome_links", t.chrome_links},
                            {"out_of_scope", outside}, {"dead_links", t.dead_links},
                            {"redirects", Field(t.spec, "redirects", true)},
                            {"foreign_links", t.foreign_links}, {"copies", t.copies}, {"robots", t.robots},
                            {"truth", t.spec.value("truth", "")},
                            {"expected", {{"bodies", t.bodies.size()}, {"columns", with_column}, {"decoys", t.decoys.size()},
                                          {"min_requests", MinimalRequests(t)}}}};
    }
    return out;
  }
};

TreePortal::TreePortal(const std::string& root, uint64_t seed) : impl_(std::make_unique<Impl>()) {
  impl_->root = root;
  impl_->seed = seed;
  impl_->Load();
}

TreePortal::~TreePortal() = default;

std::vector<std::string> TreePortal::Addresses() const { return {kAddress}; }

void TreePortal::SetPort(int port) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->port = port;
}

HttpResponse TreePortal::Handle(size_t, const HttpRequest& request) { return impl_->Handle(request); }

nlohmann::json TreePortal::Manifest() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->ManifestLocked();
}

nlohmann::json TreePortal::ReadyLine() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  json trees = json::object();
  for (const Tree& t : impl_->trees) trees[t.id] = t.spec.at("homes").at(0);
  return {{"port", impl_->port}, {"mode", "trees"}, {"proxy", "http://" + impl_->Self()}, {"trees", trees},
          {"manifest", "http://" + impl_->Self() + "/__manifest.json"}};
}

std::string TreePortal::ConfigToml() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  const auto quote = [](const std::string& s) { return json(s).dump(); };
  std::string t = "# govharvest config for govharvest-portal --trees on port " + std::to_string(impl_->port) +
                  " (written by --config-out): the ground truth of the trees, one site per body with a column.\n"
                  "# Every request goes through the simulator as proxy: no DNS lookup, nothing off loopback.\n\n"
                  "[harvest]\nproxy = " + quote("http://" + impl_->Self()) + "\n\n"
                  "[politeness]\nmin_delay_ms = 50\nmax_delay_ms = 200\nmax_concurrent_per_host = 1\n";
  for (const Tree& tree : impl_->trees) {
    for (const Body& b : tree.bodies) {
      if (b.column_url.empty()) continue;
      t += "\n[[site]]\n# " + tree.id + ": " + b.vars.at("level") + "\n";
      if (!b.column_bodies.empty()) {
        t += "# the column also holds the reports of " + std::to_string(b.column_bodies.size()) +
             " other bodies (manifest: column_bodies)\n";
      }
      t += "name = " + quote(b.instance) + "\n";
      t += "agency = " + quote(b.vars.at("agency")) + "\n";
      t += "level = " + quote(b.vars.at("level")) + "\n";
      if (!b.spec.value("division_code", "").empty()) t += "division_code = " + quote(b.spec.value("division_code", "")) + "\n";
      t += "entries = [" + quote(b.column_url) + "]\n";
      t += "hosts = [" + quote(b.column_host) + "]\n";
      t += "cms = \"auto\"\n";
    }
  }
  return t;
}

}  // namespace govharvest::portal
