// schemas.h — the JSON Schemas (2020-12) of the service's documents: the person, the scenario,
// each method's params and results (service/schema/*.schema.json, built into the program). The
// HTTP door serves them as they are; the MCP door gives them to clients as tool schemas.
#pragma once

#include <span>
#include <string_view>

#include "caremeter/json/json_io.h"
#include "platform/embedded.h"

namespace caremeter {

// Every schema file, by file name ("person.schema.json"). Generated at build time.
std::span<const EmbeddedFile> schema_files();

// The schema `name` made self-contained: a reference to another schema file becomes a reference
// into its own "$defs" (the file under its name without ".schema.json", e.g. "#/$defs/person"),
// every file's "$defs" are gathered at the top, and no "$id" or "$schema" is left, so a client
// that resolves no outside references (an MCP client) can use it. Two files defining one name
// differently is an error, as is a reference to a file that does not exist.
Result<Json> bundled_schema(std::string_view name);

}  // namespace caremeter
