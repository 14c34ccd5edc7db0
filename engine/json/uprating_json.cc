// uprating_json.cc — the uprating rates file (see uprating_json.h).
#include "caremeter/json/uprating_json.h"

#include <array>
#include <string_view>

#include "caremeter/json/json_fields.h"
#include "caremeter/json/json_io.h"
#include "caremeter/json/rule_loader.h"

namespace caremeter {

namespace {

struct FileKeys {
  static constexpr std::array<std::string_view, 8> kKeys{
      "$schema", "id", "version", "format", "description", "uprating_day", "uprating_day_source", "income_types"};
};
struct TypeKeys {
  static constexpr std::array<std::string_view, 4> kKeys{"uprated", "standard_rates", "other_amounts", "source"};
};
struct RateKeys {
  static constexpr std::array<std::string_view, 5> kKeys{"rate", "old", "new", "source", "status"};
};
struct OtherKeys {
  static constexpr std::array<std::string_view, 3> kKeys{"percent", "source", "recalculate"};
};

// The largest percentage a year's uprating may give: a bound against a slip of the decimal
// point (38.00 for 3.80), far above any uprating since the 1970s.
constexpr Hundredths kMaxUpratingPercent{25 * 100};

Result<StandardRate> read_rate(const Json& value, const std::string& pointer) {
  auto o = JsonObject<RateKeys>::open(value, pointer, "a standard rate {rate, old, new, source, status}");
  if (!o) return std::move(o).error();
  StandardRate r;
  auto name = o->text("rate", "the rate's name");
  if (!name) return std::move(name).error();
  r.name = std::move(*name);
  auto old_rate = o->money("old");
  if (!old_rate) return std::move(old_rate).error();
  r.old_rate = *old_rate;
  auto new_rate = o->money("new");
  if (!new_rate) return std::move(new_rate).error();
  r.new_rate = *new_rate;
  auto source = o->text("source", "where the rates are published");
  if (!source) return std::move(source).error();
  r.source = std::move(*source);
  auto status = o->name("status", kRateStatusNames);
  if (!status) return std::move(status).error();
  r.status = *status;
  return r;
}

// {"percent": "3.80", "source": …} or {"recalculate": "why"}.
Status read_other_amounts(const Json& value, const std::string& pointer, IncomeUprating& u) {
  auto o = JsonObject<OtherKeys>::open(value, pointer, "an object {percent, source} or {recalculate}");
  if (!o) return std::move(o).error();
  if (o->has("recalculate")) {
    for (auto key : {JsonObject<OtherKeys>::Key("percent"), JsonObject<OtherKeys>::Key("source")}) {
      if (Status s = o->refuse(key, "beside 'recalculate' (an amount is either uprated by a percentage or recalculated)"); !s) return s;
    }
    auto why = o->text("recalculate", "why no published percentage applies");
    if (!why) return std::move(why).error();
    u.source = std::move(*why);
    return ok_status();
  }
  auto percent = o->required_as("percent", "a percentage with at most two decimals such as \"3.80\"",
                                [](const Json& v, const std::string& p) -> Result<Hundredths> {
                                  if (!v.is_string()) return invalid_input(p, "expected a percentage as a string such as \"3.80\", got " + json_type_name(v));
                                  auto h = parse_hundredths(v.get_ref<const std::string&>(), kMaxUpratingPercent);
                                  if (!h) return invalid_input(p, "expected a percentage from 0 to 25.00 with at most two decimals, got '" +
                                                                      v.get_ref<const std::string&>() + "'");
                                  return *h;
                                });
  if (!percent) return std::move(percent).error();
  u.percent = *percent;
  auto source = o->text("source", "where the percentage is published");
  if (!source) return std::move(source).error();
  u.source = std::move(*source);
  return ok_status();
}

// Within a type an amount maps to one new rate: two rates with the same old amount must agree.
Status check_rates_agree(const std::vector<StandardRate>& rates, const std::string& pointer) {
  for (std::size_t i = 0; i < rates.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (rates[i].old_rate == rates[j].old_rate && rates[i].new_rate != rates[j].new_rate) {
        return invalid_input(child_pointer(pointer, i),
                             "the old rate " + to_string(rates[i].old_rate) + " is already uprated to " +
                                 to_string(rates[j].new_rate) + " by " + child_pointer(pointer, j) +
                                 ": an amount must map to exactly one new rate");
      }
    }
  }
  return ok_status();
}

Result<IncomeUprating> read_type(const Json& value, const std::string& pointer) {
  auto o = JsonObject<TypeKeys>::open(value, pointer, "an object {uprated, …}");
  if (!o) return std::move(o).error();
  IncomeUprating u;
  auto uprated = o->required_as("uprated", "true or false", read_bool);
  if (!uprated) return std::move(uprated).error();
  u.uprated = *uprated;
  if (!u.uprated) {
    for (auto key : {JsonObject<TypeKeys>::Key("standard_rates"), JsonObject<TypeKeys>::Key("other_amounts")}) {
      if (Status s = o->refuse(key, "for a type that is not uprated"); !s) return std::move(s).error();
    }
    auto why = o->text("source", "why the type is not uprated");
    if (!why) return std::move(why).error();
    u.source = std::move(*why);
    return u;
  }
  if (Status s = o->refuse("source", "for an uprated type (the source goes on each rate and on other_amounts)"); !s) {
    return std::move(s).error();
  }
  auto rates = o->records<StandardRate>("standard_rates", read_rate);
  if (!rates) return std::move(rates).error();
  u.standard_rates = std::move(*rates);
  if (Status s = check_rates_agree(u.standard_rates, o->pointer_to("standard_rates")); !s) return std::move(s).error();
  auto other = o->required("other_amounts", "an object {percent, source} or {recalculate}");
  if (!other) return std::move(other).error();
  if (Status s = read_other_amounts(**other, o->pointer_to("other_amounts"), u); !s) return std::move(s).error();
  return u;
}

// Every income type of the person document, once; no other.
Status read_types(const Json& value, const std::string& pointer, UpratingRates& out) {
  if (!value.is_object()) return invalid_input(pointer, "expected an object with one entry per income type, got " + json_type_name(value));
  for (auto it = value.begin(); it != value.end(); ++it) {
    const std::string at = child_pointer(pointer, it.key());
    auto type = income_type_by_name(it.key());
    if (!type) return invalid_input(at, "unknown income type '" + it.key() + "' (expected one of: " + kIncomeTypeNames.list() + ")");
    auto u = read_type(it.value(), at);
    if (!u) return std::move(u).error();
    out.by_type[static_cast<std::size_t>(*type)] = std::move(*u);
  }
  for (const auto& t : kIncomeTypeNames) {
    if (!value.contains(t.name)) {
      return invalid_input(pointer, std::string("income type '") + t.name +
                                        "' is missing: every income type of the person document must say whether it is uprated");
    }
  }
  return ok_status();
}

Status read_header(const JsonObject<FileKeys>& doc, const std::string& version, UpratingRates& out) {
  auto id = doc.text("id", "the file's id");
  if (!id) return std::move(id).error();
  if (*id != "uprating") return invalid_input("/id", "expected \"uprating\", got '" + *id + "'");
  auto v = doc.text("version", "the version, e.g. \"2026-04\"");
  if (!v) return std::move(v).error();
  if (*v != version) {
    return invalid_input("/version", "the version '" + *v + "' does not match the file name '" + version +
                                         ".json' (an uprating file is named after its version)");
  }
  if (auto format = doc.optional_whole_number("format", 2, 2); !format) return std::move(format).error();
  if (auto d = doc.optional_string("description", "a description"); !d) return std::move(d).error();
  if (auto s = doc.optional_string("$schema", "the schema's path"); !s) return std::move(s).error();
  auto day = doc.date("uprating_day");
  if (!day) return std::move(day).error();
  if (to_string(*day).substr(0, 7) != version) {
    return invalid_input("/uprating_day", "the uprating day " + to_string(*day) + " is not in the file's month " + version);
  }
  out.uprating_day = *day;
  if (auto src = doc.text("uprating_day_source", "where the uprating day is published"); !src) return std::move(src).error();
  out.ref.id = *id;
  out.ref.version = *v;
  return ok_status();
}

}  // namespace

Result<UpratingRates> read_uprating_rates(std::string_view bytes, const std::string& version, const std::string& file) {
  auto parsed = [&]() -> Result<UpratingRates> {
    auto json = parse_json_strict(bytes);
    if (!json) return std::move(json).error();
    auto doc = JsonObject<FileKeys>::open(*json, "", "an uprating rates file (an object)");
    if (!doc) return std::move(doc).error();
    UpratingRates rates;
    if (Status s = read_header(*doc, version, rates); !s) return std::move(s).error();
    auto types = doc->required("income_types", "an object with one entry per income type");
    if (!types) return std::move(types).error();
    if (Status s = read_types(**types, "/income_types", rates); !s) return std::move(s).error();
    return rates;
  }();
  if (!parsed) {
    Error e = std::move(parsed).error();
    e.file = file;
    return e;
  }
  parsed->ref.sha256 = sha256_hex(bytes);
  parsed->ref.file = file;
  return parsed;
}

}  // namespace caremeter
