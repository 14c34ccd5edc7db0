// schemas.cc — bundling a schema and the schema files it refers to into one document.
#include "schema/schemas.h"

#include <set>
#include <string>

namespace caremeter {

namespace {

constexpr std::string_view kSuffix = ".schema.json";

// The schema files are part of the program, so a problem in them is a bug, not bad input.
Error schema_bug(std::string pointer, std::string message) {
  return Error{ErrorCode::kInternal, std::move(message), std::move(pointer), {}};
}

class Bundler {
 public:
  // Reads `name`, rewrites its references, gathers its $defs; returns the file without $id,
  // $schema and $defs.
  Result<Json> include(std::string_view name) {
    auto text = find_embedded(schema_files(), name);
    if (!text) return schema_bug("", "no schema file '" + std::string(name) + "'");
    auto doc = parse_json_strict(*text);
    if (!doc) return schema_bug(doc.error().pointer, std::string(name) + ": " + doc.error().message);
    Json schema = std::move(*doc);
    auto rewritten = rewrite(schema);
    if (!rewritten) return std::move(rewritten).error();
    if (auto it = schema.find("$defs"); it != schema.end()) {
      for (auto d = it->begin(); d != it->end(); ++d) {
        auto added = add_def(d.key(), d.value(), name);
        if (!added) return std::move(added).error();
      }
    }
    schema.erase("$defs");
    schema.erase("$id");
    schema.erase("$schema");
    return schema;
  }

  Json take_defs() { return std::move(defs_); }

 private:
  Status add_def(const std::string& key, const Json& value, std::string_view from) {
    auto it = defs_.find(key);
    if (it == defs_.end()) {
      defs_[key] = value;
    } else if (*it != value) {
      return schema_bug("/$defs/" + key, std::string(from) + " defines '" + key + "' differently from another schema file");
    }
    return ok_status();
  }

  // Turns {"$ref": "other.schema.json"} into {"$ref": "#/$defs/other"}, bringing `other` in once.
  Status rewrite(Json& node) {
    if (node.is_array()) {
      for (Json& item : node) {
        auto s = rewrite(item);
        if (!s) return s;
      }
      return ok_status();
    }
    if (!node.is_object()) return ok_status();
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (it.key() == "$ref" && it.value().is_string()) {
        const std::string target = it.value().get<std::string>();
        if (target.empty() || target[0] == '#') continue;  // into the same file: its $defs are gathered too
        if (target.size() <= kSuffix.size() || target.compare(target.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) {
          return schema_bug("", "a reference to '" + target + "': only whole schema files can be referred to");
        }
        const std::string def_name = target.substr(0, target.size() - kSuffix.size());
        if (!defs_.contains(def_name) && !in_progress_.count(def_name)) {
          in_progress_.insert(def_name);
          auto inner = include(target);
          if (!inner) return std::move(inner).error();
          auto added = add_def(def_name, *inner, target);
          if (!added) return added;
        }
        it.value() = "#/$defs/" + def_name;
        continue;
      }
      auto s = rewrite(it.value());
      if (!s) return s;
    }
    return ok_status();
  }

  Json defs_ = Json::object();
  std::set<std::string> in_progress_;  // files being brought in (a file may refer to itself)
};

}  // namespace

Result<Json> bundled_schema(std::string_view name) {
  Bundler bundler;
  auto root = bundler.include(name);
  if (!root) return root;
  Json defs = bundler.take_defs();
  if (!defs.empty()) (*root)["$defs"] = std::move(defs);
  return root;
}

}  // namespace caremeter
