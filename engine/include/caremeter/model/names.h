// names.h — one table of names per enum: the word a document writes for each value.
//
// A NameTable is the only place an enum's names are written. Readers find a value by its name
// (find), writers and explanations name a value (name), and error messages list the names
// (list), so a value added to a table is read, written and offered in messages at once.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace caremeter {

template <class E>
struct Named {
  E value;
  const char* name;
};

template <class E, std::size_t N>
struct NameTable {
  std::array<Named<E>, N> entries;

  // The name of `value`; "" for a value the table does not have (a bug in the caller).
  constexpr const char* name(E value) const {
    for (const Named<E>& e : entries) {
      if (e.value == value) return e.name;
    }
    return "";
  }
  constexpr std::optional<E> find(std::string_view name) const {
    for (const Named<E>& e : entries) {
      if (std::string_view(e.name) == name) return e.value;
    }
    return std::nullopt;
  }
  // "a, b, c" for messages (or with another separator).
  std::string list(std::string_view separator = ", ") const {
    std::string out;
    for (const Named<E>& e : entries) {
      if (!out.empty()) out += separator;
      out += e.name;
    }
    return out;
  }
  // "\"a\", \"b\" or \"c\"" for messages that quote the names.
  std::string alternatives() const {
    std::string out;
    for (std::size_t i = 0; i < N; ++i) {
      if (i > 0) out += i + 1 == N ? " or " : ", ";
      out += '"';
      out += entries[i].name;
      out += '"';
    }
    return out;
  }
  constexpr std::size_t size() const { return N; }
  constexpr auto begin() const { return entries.begin(); }
  constexpr auto end() const { return entries.end(); }

  // For enums counted by a kCount enumerator: the table names every value, in enum order.
  constexpr bool in_enum_order() const {
    for (std::size_t i = 0; i < N; ++i) {
      if (static_cast<std::size_t>(entries[i].value) != i) return false;
    }
    return true;
  }
};

}  // namespace caremeter
