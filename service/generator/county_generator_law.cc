// county_generator_law.cc — `generate --law-2026`: the charging law the county model leaves out,
// in the proportions `generate --help` states (assumptions, not evidence).
#include "generator/county_generator_law.h"

#include <algorithm>
#include <array>

namespace caremeter::county {
namespace {

// NHS-funded nursing care a week from 1 April of each year from 2017 (DHSC's announcements): a
// gross quote is the fee plus the rate of the year the record starts. Later years keep the last.
constexpr std::array<int64_t, 10> kFncStandard = {15'505, 15'816, 18'031, 18'392, 18'760,
                                                  20'919, 21'971, 23'588, 25'406, 26'768};
constexpr std::array<int64_t, 10> kFncHigher = {21'332, 21'759, 24'806, 25'302, 25'808,
                                                28'778, 30'225, 32'450, 34'950, 36'824};
int64_t fnc_for(const std::array<int64_t, 10>& rates, Date d) {
  int i = financial_year(d) - 2017;
  if (i < 0) i = 0;
  if (i >= static_cast<int>(rates.size())) i = static_cast<int>(rates.size()) - 1;
  return rates[static_cast<std::size_t>(i)];
}

// One person's draws, in a fixed order from a stream of their own.
class LawDraw {
 public:
  LawDraw(const DrawnPerson& p, std::vector<CareSegment>& care, std::vector<std::pair<const char*, int64_t>>& income)
      : p_(p), care_(care), income_(income) {}

  LawFeatures run(Rng& rng) {
    law_nursing_fees(rng);
    law_fees_below_budget(rng);
    law_relative_leaves(rng);
    law_joint_capital(rng);
    law_notional_capital(rng);
    law_disability_benefits(rng);
    law_deferred_payment(rng);
    law_.half_to_spouse = p_.couple && rng.chance(500'000);
    return law_;
  }

 private:
  std::optional<Date> first_permanent_care_home_day() const {
    for (const CareSegment& c : care_) {
      if (c.setting == Setting::kCareHome && c.stay == Stay::kPermanent) return c.from;
    }
    return std::nullopt;
  }

  // Nursing placements: 1% keep the higher FNC rate (the 2007 high band); half of the fees given
  // are gross quotes that include FNC at the rate of the year the record starts.
  void law_nursing_fees(Rng& rng) {
    for (CareSegment& c : care_) {
      const bool nursing = c.setting == Setting::kCareHome && (c.category == CareHomeCategory::kNursing ||
                                                               c.category == CareHomeCategory::kNursingEnhanced);
      if (!nursing) continue;
      c.fnc_higher = rng.chance(10'000);
      if (!c.weekly_fee || !rng.chance(500'000)) continue;
      *c.weekly_fee += fnc_for(c.fnc_higher ? kFncHigher : kFncStandard, c.from);
      c.fee_includes_fnc = true;
    }
  }

  // 8% of council care-home placements with a budget and no top-up cost 2–10% less than it.
  void law_fees_below_budget(Rng& rng) {
    for (CareSegment& c : care_) {
      if (c.setting != Setting::kCareHome || c.arranged_by != ArrangedBy::kCouncil || !c.personal_budget ||
          c.weekly_fee) {
        continue;
      }
      if (rng.chance(80'000)) c.weekly_fee = whole_pounds(*c.personal_budget * rng.between(90, 98) / 100);
    }
  }

  // In 30% of permanent care-home stays with a qualifying relative in the home, the relative
  // leaves part-way: died 55%, moved into a care home 20%, another reason 25%; 90% had lived
  // there since before the admission.
  void law_relative_leaves(Rng& rng) {
    const std::optional<Date> first = first_permanent_care_home_day();
    if (!p_.relative || !p_.home_value || !first || !rng.chance(300'000)) return;
    const Date lo = *first + Days(30);
    const Date hi = p_.known_end - Days(30);
    if (hi < lo) return;
    static constexpr const char* kReasons[] = {"died", "moved_to_care_home", "other"};
    constexpr std::array<int64_t, 3> kWeights = {55, 20, 25};
    law_.relative_left_on = day_between(rng, lo, hi);
    law_.relative_left_reason = kReasons[rng.pick(kWeights)];
    law_.relative_lived_there_before = rng.chance(900'000);
  }

  // Joint savings for 8% (2,000–40,000 at 2025-26 prices; two owners for 85%, else three); a
  // jointly owned home for half of the couples' homes and 4% of the others.
  void law_joint_capital(Rng& rng) {
    if (rng.chance(80'000)) {
      const int64_t amount = whole_pounds(scale_bp(rng.between(200'000, 4'000'000), p_.entry_prices_bp));
      law_.joint = std::pair<int64_t, int>{amount, rng.chance(850'000) ? 2 : 3};
    }
    if (p_.home_value && rng.chance(p_.couple ? 500'000 : 40'000)) law_.home_owners = 2;
  }

  // Notional capital for 2% of permanent residents: 5,000–50,000 from a day in the first four
  // months of the stay (a deprivation of assets found at the assessment).
  void law_notional_capital(Rng& rng) {
    const std::optional<Date> first = first_permanent_care_home_day();
    if (!first || !rng.chance(20'000)) return;
    const Date from = *first + Days(rng.between(0, 120));
    if (from > p_.known_end) return;
    law_.notional = std::pair<Date, int64_t>{from, rng.between(5'000, 50'000) * 100};
  }

  // People at home: attendance allowance for 45% of those over 65 (the higher rate for 40% of
  // them); night care arranged for 15% of those with AA or PIP daily living; disability-related
  // expenditure left out (not assessed) where it would be nothing.
  void law_disability_benefits(Rng& rng) {
    if (!p_.at_home_first) return;
    if (p_.older && rng.chance(450'000)) {
      income_.push_back({"attendance_allowance", scale_bp(rng.chance(400'000) ? 11'040 : 7'390, p_.entry_prices_bp)});
    }
    const bool benefit = std::any_of(income_.begin(), income_.end(), [](const auto& item) {
      return item.first == std::string_view("attendance_allowance") || item.first == std::string_view("pip_daily_living");
    });
    if (benefit && rng.chance(150'000)) {
      for (CareSegment& c : care_) c.night_care = c.setting != Setting::kCareHome;
    }
    law_.dre_left_out = p_.dre == 0;
  }

  // A deferred payment agreement for 20% of permanent residents whose home counts and whose other
  // capital is below the upper limit: from the end of the 12-week disregard to the end of care;
  // the national maximum rate for 70%, a council rate of 1.00–3.00% for the rest; a set-up fee of
  // 250–900 and a yearly fee of 50–100 on each anniversary.
  void law_deferred_payment(Rng& rng) {
    const std::optional<Date> first = first_permanent_care_home_day();
    if (!first || !p_.home_value || p_.relative || p_.savings + p_.other_capital >= kUpperCapitalLimit) return;
    if (!rng.chance(200'000)) return;
    DeferredPaymentDraw d;
    d.from = *first + Days(84);
    if (d.from > p_.known_end) return;
    d.to = p_.open ? Date::max() : p_.end;
    d.property_value = *p_.home_value;
    d.secured_debt = p_.secured_debt;
    if (rng.chance(300'000)) d.interest_rate = rng.between(100, 300);
    d.setup_fee = rng.between(250, 900) * 100;
    const int64_t yearly = rng.between(50, 100) * 100;
    for (Date a = add_years_months(d.from, 1, 0); a <= p_.known_end && a <= d.to; a = add_years_months(a, 1, 0)) {
      d.fees.emplace_back(a, yearly);
    }
    law_.dpa = d;
  }

  const DrawnPerson& p_;
  std::vector<CareSegment>& care_;
  std::vector<std::pair<const char*, int64_t>>& income_;
  LawFeatures law_;
};

}  // namespace

// The county's seed mixed with "law-2026" in ASCII: apart from the county model's streams of that seed.
Rng law_stream(uint64_t seed, uint64_t stream) { return Rng(seed ^ 0x6c61772d32303236ULL, stream); }

LawFeatures draw_law_features(Rng rng, const DrawnPerson& person, std::vector<CareSegment>& care,
                              std::vector<std::pair<const char*, int64_t>>& income) {
  return LawDraw(person, care, income).run(rng);
}

void put_law_care(std::string& out, const CareSegment& c) {
  if (c.fee_includes_fnc) out += ",\"weekly_fee_includes_fnc\":true";
  if (c.fnc_higher) out += ",\"fnc_rate\":\"higher\"";
  if (c.night_care) out += ",\"night_care_arranged\":true";
}

void put_joint_capital(std::string& out, const LawFeatures& law) {
  if (!law.joint) return;
  out += ",\"joint_capital\":[{\"amount\":";
  put_money(out, law.joint->first);
  out += ",\"owners\":";
  out += std::to_string(law.joint->second);
  out += "}]";
}

void put_home_owners(std::string& out, const LawFeatures& law) {
  if (law.home_owners > 1) out += ",\"owners\":" + std::to_string(law.home_owners);
}

void put_relative_left(std::string& out, const LawFeatures& law) {
  out += ",\"relative_left_reason\":\"";
  out += law.relative_left_reason;
  out += law.relative_lived_there_before ? "\",\"relative_lived_there_before_admission\":true"
                                         : "\",\"relative_lived_there_before_admission\":false";
}

bool half_paid_to_spouse(const LawFeatures& law, std::string_view income_type) {
  return law.half_to_spouse && income_type == "private_pension";
}

namespace {

void put_deferred_payment(std::string& out, const DeferredPaymentDraw& d) {
  out += "{\"from\":";
  put_date(out, d.from);
  out += ",\"to\":";
  put_date(out, d.to);
  out += ",\"property_value\":";
  put_money(out, d.property_value);
  out += ",\"secured_debt\":";
  put_money(out, d.secured_debt);
  if (d.interest_rate) {
    out += ",\"interest_rate\":\"";
    out += to_string(Hundredths{*d.interest_rate});
    out += '"';
  }
  out += ",\"setup_fee\":";
  put_money(out, d.setup_fee);
  out += ",\"fees\":[";
  for (std::size_t i = 0; i < d.fees.size(); ++i) {
    if (i) out += ',';
    out += "{\"on\":";
    put_date(out, d.fees[i].first);
    out += ",\"amount\":";
    put_money(out, d.fees[i].second);
    out += '}';
  }
  out += "]}";
}

}  // namespace

void put_law_person(std::string& out, const LawFeatures& law) {
  if (law.notional) {
    out += ",\"notional_capital\":[{\"from\":";
    put_date(out, law.notional->first);
    out += ",\"amount\":";
    put_money(out, law.notional->second);
    out += "}]";
  }
  if (!law.dpa) return;
  out += ",\"deferred_payments\":[";
  put_deferred_payment(out, *law.dpa);
  out += ']';
}

}  // namespace caremeter::county
