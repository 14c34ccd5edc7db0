// methods.h — the service's JSON-RPC methods and what each may touch, in one table: the doors
// use it to decide what needs a database, what needs a bearer token over HTTP, and which
// notifications must not be run (a write nobody hears about).
#pragma once

#include <span>
#include <string_view>

namespace caremeter {

enum class MethodAccess {
  kCalculator,   // reads only the request and the rules
  kReadsStore,   // reads stored care accounts
  kWritesStore,  // records something (a revision, a statement)
};

struct MethodInfo {
  std::string_view name;
  MethodAccess access;
};

inline constexpr MethodInfo kRpcMethods[] = {
    {"calculate", MethodAccess::kCalculator},
    {"compare", MethodAccess::kCalculator},
    {"rules.list", MethodAccess::kCalculator},
    {"person.put", MethodAccess::kWritesStore},
    {"person.get", MethodAccess::kReadsStore},
    {"account.get", MethodAccess::kReadsStore},
    {"account.statement", MethodAccess::kWritesStore},
};

// The method of that name, or nullptr.
constexpr const MethodInfo* find_rpc_method(std::string_view name) {
  for (const MethodInfo& m : kRpcMethods) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

constexpr bool uses_store(const MethodInfo& m) { return m.access != MethodAccess::kCalculator; }
constexpr bool has_effects(const MethodInfo& m) { return m.access == MethodAccess::kWritesStore; }

}  // namespace caremeter
