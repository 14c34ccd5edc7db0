// embedded.h — files built into the program (cmake/embed_files.cmake): the JSON Schemas and the
// self-assessment page, so `caremeter` serves them without looking for an installed copy.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace caremeter {

struct EmbeddedFile {
  std::string_view name;     // the path relative to its folder: "person.schema.json", "app.js"
  std::string_view content;  // the file's bytes
};

// The file of that name among `files`, or nullopt.
inline std::optional<std::string_view> find_embedded(std::span<const EmbeddedFile> files, std::string_view name) {
  for (const EmbeddedFile& f : files) {
    if (f.name == name) return f.content;
  }
  return std::nullopt;
}

}  // namespace caremeter
