// county_generator.cc — the synthetic county (closed and open). See county_generator_help()
// for the model.
//
// Every number is drawn from raw 64-bit outputs by integer arithmetic: uniform integers by
// the multiply-shift method, and shaped distributions (fees, hours, ages, lengths of stay) by
// linear interpolation in tabulated quantiles. Nothing here touches floating point, so the
// bytes cannot depend on the machine, the compiler or the standard library.
#include "generator/county_generator.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <queue>
#include <vector>

#include "caremeter/model/date.h"
#include "caremeter/model/money.h"
#include "caremeter/model/person.h"
#include "generator/county_draw.h"
#include "generator/county_generator_law.h"

namespace caremeter {
namespace county {
namespace {

// ---- The model's figures (2025-26 prices, pence unless stated). -------------------------

// Who a person is when their care account opens. The Norfolk mix (960, 2,400, 5,640, 3,000,
// 3,800, 3,000) is a point-in-time count, so accounts open in proportion to that count divided
// by how long each kind of care lasts here (about 800 days in care homes; at home 1,050 for
// older and 2,100 for younger people): the people in care on any day then follow the mix.
enum class Pathway {
  kCouncilNursing,
  kCouncilResidential,
  kCouncilHomeCare,
  kCouncilDirectPayment,
  kSelfCareHome,
  kSelfHomeCare,
};
constexpr std::array<int64_t, 6> kPathwayWeights = {1'000, 2'500, 4'200, 1'900, 3'900, 2'600};
// Share aged 65+ by pathway (ppm): care homes mostly older people; working-age adults mostly
// at home. Together about two-thirds 65+.
constexpr std::array<int64_t, 6> kOlderPpm = {930'000, 930'000, 550'000, 200'000, 930'000, 850'000};
// The same for an open county, whose people in care on a day are a settled mix: long stays
// (working-age people at home, some for twenty years) weigh more there than in a closed
// county, whose accounts all opened after 2018, so fewer of them open.
constexpr std::array<int64_t, 6> kOpenPathwayWeights = {900, 2'950, 4'050, 1'670, 4'050, 2'725};
constexpr std::array<int64_t, 6> kOpenOlderPpm = {930'000, 930'000, 550'000, 200'000, 930'000, 850'000};

// Council rate B for a care home place (LaingBuisson 2025: p10, median, p90; ends assumed).
constexpr std::array<QuantilePoint, 5> kCouncilResidential = {
    {{0, 78'000}, {100'000, 88'000}, {500'000, 103'000}, {900'000, 125'000}, {kMillion, 145'000}}};
constexpr std::array<QuantilePoint, 5> kCouncilNursing = {
    {{0, 90'000}, {100'000, 100'000}, {500'000, 115'000}, {900'000, 140'000}, {kMillion, 160'000}}};
// Self-funders' fees (median and p90 sourced; p10 and ends assumed).
constexpr std::array<QuantilePoint, 5> kSelfResidential = {
    {{0, 95'000}, {100'000, 105'000}, {500'000, 130'000}, {900'000, 180'000}, {kMillion, 240'000}}};
constexpr std::array<QuantilePoint, 5> kSelfNursing = {
    {{0, 115'000}, {100'000, 125'000}, {500'000, 153'500}, {900'000, 200'000}, {kMillion, 260'000}}};
constexpr int64_t kCouncilHourly = 2'410;         // £24.10 an hour (sourced)
constexpr int64_t kSelfHourlyLow = 3'000;         // £30–£34 an hour (sourced)
constexpr int64_t kSelfHourlyHigh = 3'400;
constexpr int64_t kDirectPaymentHourly = 2'050;   // assumption: a personal assistant's hour

// Hours a week, hundredths: lognormal with median 8 and sigma 0.9 (mean 12, p90 25), tabulated
// at its quantiles, at least one hour and at most twelve hours a day.
constexpr std::array<QuantilePoint, 18> kHours = {{{0, 100},
                                                   {30'000, 150},
                                                   {50'000, 182},
                                                   {100'000, 252},
                                                   {200'000, 375},
                                                   {300'000, 499},
                                                   {400'000, 637},
                                                   {500'000, 800},
                                                   {600'000, 1'005},
                                                   {700'000, 1'283},
                                                   {800'000, 1'706},
                                                   {900'000, 2'535},
                                                   {950'000, 3'516},
                                                   {975'000, 4'668},
                                                   {990'000, 6'492},
                                                   {997'000, 7'500},
                                                   {999'000, 8'400},
                                                   {kMillion, 8'400}}};

// Days in a care home: median 462, mean about 800, 55% still there after a year, 27% after
// three years (the BGS-cited length-of-stay study); the tails are assumed.
constexpr std::array<QuantilePoint, 11> kCareHomeStay = {{{0, 3},
                                                          {100'000, 20},
                                                          {200'000, 60},
                                                          {300'000, 150},
                                                          {450'000, 365},
                                                          {500'000, 462},
                                                          {600'000, 640},
                                                          {730'000, 1'095},
                                                          {850'000, 1'700},
                                                          {950'000, 2'700},
                                                          {kMillion, 4'000}}};
// Days of care at home (assumption: longer than in care homes; doubled for working age).
constexpr std::array<QuantilePoint, 7> kHomeStay = {
    {{0, 14}, {100'000, 90}, {300'000, 365}, {500'000, 730}, {700'000, 1'250}, {900'000, 2'300}, {kMillion, 4'500}}};

// Age at entry, years.
constexpr std::array<QuantilePoint, 7> kAgeCareHome = {
    {{0, 65}, {100'000, 74}, {250'000, 80}, {500'000, 86}, {750'000, 90}, {900'000, 94}, {kMillion, 103}}};
constexpr std::array<QuantilePoint, 5> kAgeOlderAtHome = {
    {{0, 65}, {250'000, 74}, {500'000, 81}, {750'000, 87}, {kMillion, 100}}};
constexpr std::array<QuantilePoint, 5> kAgeWorking = {
    {{0, 18}, {200'000, 28}, {500'000, 45}, {800'000, 57}, {kMillion, 64}}};

// Capital bands (pence). Care-home entry (ONS care homes and self-funders 2022-23), split by
// who funds: council-supported people are drawn from the bands up to the upper capital limit,
// self-funders from those above it, each in the sourced proportions.
struct Band {
  int64_t low;
  int64_t high;
  int64_t weight;
};
constexpr std::array<Band, 3> kCareHomeCouncilCapital = {
    {{0, 1'425'000, 40}, {1'425'000, 2'000'000, 5}, {2'000'000, 2'325'000, 5}}};
constexpr std::array<Band, 4> kCareHomeSelfCapital = {{{2'325'001, 10'000'000, 17},
                                                       {10'000'000, 25'000'000, 16},
                                                       {25'000'000, 50'000'000, 12},
                                                       {50'000'000, 90'000'000, 5}}};
// At home the home is disregarded: these are savings. (<£14,250 60%; to £23,250 10%; to
// £100,000 20%; above 10% — the last band's top is assumed.)
constexpr std::array<Band, 2> kAtHomeCouncilCapital = {{{0, 1'425'000, 60}, {1'425'000, 2'325'000, 10}}};
constexpr std::array<Band, 2> kAtHomeSelfCapital = {{{2'325'001, 10'000'000, 20}, {10'000'000, 30'000'000, 10}}};

// Home values (January 2022 prices): mean about the Norfolk average £277,321; spread assumed.
constexpr std::array<QuantilePoint, 5> kHomeValue = {
    {{0, 9'000'000}, {100'000, 15'000'000}, {500'000, 25'500'000}, {900'000, 40'000'000}, {kMillion, 70'000'000}}};

// Weekly income (2025-26 prices). State pension: between the basic (£176.45) and the new full
// rate (£230.25), some with additional pension; private pensions: none for 30%.
constexpr std::array<QuantilePoint, 7> kStatePension = {
    {{0, 12'000}, {100'000, 15'000}, {300'000, 17'645}, {500'000, 20'000}, {700'000, 22'100}, {900'000, 23'025}, {kMillion, 26'000}}};
constexpr std::array<QuantilePoint, 6> kPrivatePension = {
    {{0, 1'000}, {250'000, 5'000}, {500'000, 11'000}, {750'000, 22'000}, {900'000, 38'000}, {kMillion, 90'000}}};
constexpr int64_t kPensionCreditGuarantee = 22'710;  // single, 2025-26

// Prices by financial year (basis points of 2025-26 prices): an assumed index close to CPI,
// 2.5 points a year after 2030-31 (2016-17 to 2040-41; clamped outside).
int64_t price_index_bp(int fy) {
  static constexpr std::array<int64_t, 25> kIndex = {7'450,  7'600,  7'800,  7'950,  8'100,  8'300,  8'850,
                                                     9'400,  9'700,  10'000, 10'300, 10'550, 10'800, 11'050,
                                                     11'300, 11'550, 11'800, 12'050, 12'300, 12'550, 12'800,
                                                     13'050, 13'300, 13'550, 13'800};
  int i = fy - 2016;
  if (i < 0) i = 0;
  if (i >= static_cast<int>(kIndex.size())) i = static_cast<int>(kIndex.size()) - 1;
  return kIndex[static_cast<std::size_t>(i)];
}
// House prices by calendar year (basis points of January 2022): assumed.
int64_t house_index_bp(int year) {
  static constexpr std::array<int64_t, 10> kIndex = {8'400, 8'500, 8'700, 8'800, 9'400, 10'000, 10'200, 10'000, 10'200, 10'400};
  int i = year - 2017;
  if (i < 0) i = 0;
  if (i >= static_cast<int>(kIndex.size())) i = static_cast<int>(kIndex.size()) - 1;
  return kIndex[static_cast<std::size_t>(i)];
}

// Hours (hundredths) × an hourly rate (pence), rounded half up to the penny.
int64_t hours_times_rate(int64_t hundredths, int64_t rate) { return (hundredths * rate + 50) / 100; }
// Hours rounded to a quarter of an hour, at least one hour.
int64_t quarter_hours(int64_t hundredths) {
  int64_t q = (hundredths + 12) / 25 * 25;
  return q < 100 ? 100 : q;
}

// A closed county's accounts open between these dates.
const Date kFirstEntry = Date::from_ymd(2018, 1, 1);
const Date kLastEntry = Date::from_ymd(2026, 12, 31);
// In a closed county events after this date are not known: records still running then are
// left open. (An open county's horizon is the end of its window.)
const Date kHorizon = Date::from_ymd(2031, 3, 31);

// An open county: nobody is in care on or after their 105th birthday (care ends the day
// before, in death).
constexpr int kAgeLimit = 105;
// An open county is simulated from this long before its window, so that the people in care
// on its first day are a settled mix of long and short stays (the longest stay the tables
// give is 9,000 days).
constexpr int64_t kSettlingDays = 9'200;

template <std::size_t N>
int64_t sample_band(Rng& rng, const std::array<Band, N>& bands) {
  std::array<int64_t, N> weights{};
  for (std::size_t i = 0; i < N; ++i) weights[i] = bands[i].weight;
  const Band& b = bands[rng.pick(weights)];
  return rng.between(b.low, b.high - 1);
}

struct ExclusionSpell {
  Date from;
  Date to;
  const char* reason;
};

// ---- Writing (fixed key order, compact). ---------------------------------------------------

const char* category_key(CareHomeCategory c) {
  switch (c) {
    case CareHomeCategory::kResidential: return "residential";
    case CareHomeCategory::kResidentialEnhanced: return "residential_enhanced";
    case CareHomeCategory::kNursing: return "nursing";
    case CareHomeCategory::kNursingEnhanced: return "nursing_enhanced";
  }
  return "residential";
}

void put_care(std::string& out, const CareSegment& c) {
  out += "{\"from\":";
  put_date(out, c.from);
  out += ",\"to\":";
  put_date(out, c.to);
  switch (c.setting) {
    case Setting::kCareHome:
      out += ",\"setting\":\"care_home\",\"category\":\"";
      out += category_key(c.category);
      out += c.stay == Stay::kPermanent ? "\",\"stay\":\"permanent\"" : "\",\"stay\":\"temporary\"";
      break;
    case Setting::kHomeCare:
      out += ",\"setting\":\"home_care\",\"hours_per_week\":\"";
      out += to_string(Hundredths{c.hours});
      out += '"';
      break;
    case Setting::kCommunity:
      out += ",\"setting\":\"community\"";
      break;
  }
  out += c.arranged_by == ArrangedBy::kCouncil ? ",\"arranged_by\":\"council\"" : ",\"arranged_by\":\"self\"";
  if (c.personal_budget) {
    out += ",\"personal_budget\":";
    put_money(out, *c.personal_budget);
  }
  if (c.weekly_fee) {
    out += ",\"weekly_fee\":";
    put_money(out, *c.weekly_fee);
  }
  put_law_care(out, c);
  out += '}';
}

// ---- One person. ----------------------------------------------------------------------------

bool starts_at_home(Pathway p) {
  return p == Pathway::kCouncilHomeCare || p == Pathway::kCouncilDirectPayment || p == Pathway::kSelfHomeCare;
}

// Who enters an open county's care and for how long: drawn before anything else, because
// when the next person is admitted depends on when earlier people leave.
struct Course {
  Pathway pathway = Pathway::kCouncilHomeCare;
  bool older = true;
  int64_t age = 0;           // whole years at entry
  int64_t short_of_age = 0;  // days since the last birthday at entry
  int64_t length = 1;        // days in care, before the age limit

  Date birth(Date entry) const { return add_years_months(entry, -static_cast<int>(age), 0) - Days(short_of_age); }
  // The last day in care: `length` days, ending before the age limit.
  Date last_day(Date entry) const {
    return std::min(entry + Days(length - 1), birthday(birth(entry), kAgeLimit).prev());
  }
};

int64_t draw_age(Rng& rng, bool older, bool at_home) {
  if (!older) return rng.quantile(kAgeWorking);
  return at_home ? rng.quantile(kAgeOlderAtHome) : rng.quantile(kAgeCareHome);
}

int64_t draw_length(Rng& rng, bool older, bool at_home) {
  const int64_t length = at_home ? rng.quantile(kHomeStay) * (older ? 1 : 2) : rng.quantile(kCareHomeStay);
  return std::max<int64_t>(length, 1);
}

Course draw_course(Rng& rng) {
  Course c;
  c.pathway = static_cast<Pathway>(rng.pick(kOpenPathwayWeights));
  const bool at_home = starts_at_home(c.pathway);
  c.older = rng.chance(kOpenOlderPpm[static_cast<std::size_t>(c.pathway)]);
  c.age = draw_age(rng, c.older, at_home);
  c.short_of_age = rng.between(0, 364);
  c.length = draw_length(rng, c.older, at_home);
  return c;
}

// An open county's candidate k has a stream of its own, apart from every closed county's person.
uint64_t open_stream(uint64_t candidate) { return candidate | (uint64_t{1} << 63); }

// Where a person's records may run: in a closed county from entry to the horizon; in an open
// one within its window (records begin on its first day at the earliest).
struct RecordWindow {
  Date first = Date::min();
  Date horizon = kHorizon;
};

class PersonBuilder {
 public:
  // Person `number` (1-based, for the id) drawing from `rng`; with `law` (--law-2026), also
  // the law's newer features, drawn from that stream of their own.
  PersonBuilder(const std::string& council, int64_t number, Rng rng, RecordWindow window,
                std::optional<Rng> law = std::nullopt)
      : council_(council), number_(number), rng_(rng), window_(window), law_rng_(law) {}

  // A closed county's person: everything drawn here, in the order the shipped counties pin.
  void write_closed(std::string& out) {
    choose_who();
    choose_course();
    choose_money();
    build_care();
    build_exclusions();
    draw_law();
    emit(out);
  }

  // An open county's person: `course` was drawn from this builder's stream already (so the
  // stream goes on from there); care begins on `entry`.
  void write_open(const Course& course, Date entry, std::string& out) {
    pathway_ = course.pathway;
    older_ = course.older;
    entry_ = entry;
    birth_ = course.birth(entry);
    choose_household();
    const Date last = course.last_day(entry);
    choose_events((last - entry_).count() + 1, last < entry + Days(course.length - 1));
    choose_money();
    build_care();
    build_exclusions();
    keep_within_window();
    draw_law();
    emit(out);
  }

 private:
  // --law-2026's features, on the records as they will be written (an open county's cut to its
  // window); nothing without the flag.
  void draw_law() {
    if (law_rng_) law_ = draw_law_features(*law_rng_, drawn(), care_, income_);
  }

  bool at_home_first() const { return starts_at_home(pathway_); }
  bool self_funder_first() const {
    return pathway_ == Pathway::kSelfCareHome || pathway_ == Pathway::kSelfHomeCare;
  }
  // Prices of the year a record starts in, or of the window's first year for records begun
  // before it (an open county's people already in care then are assessed afresh).
  int64_t prices(Date d) const { return price_index_bp(financial_year(std::max(d, window_.first))); }

  void choose_who() {
    pathway_ = static_cast<Pathway>(rng_.pick(kPathwayWeights));
    entry_ = day_between(rng_, kFirstEntry, kLastEntry);
    older_ = rng_.chance(kOlderPpm[static_cast<std::size_t>(pathway_)]);
    int64_t age = draw_age(rng_, older_, at_home_first());
    // Exactly `age` at entry: the birthday `age` years back, less under a year.
    birth_ = add_years_months(entry_, -static_cast<int>(age), 0) - Days(rng_.between(0, 364));
    choose_household();
  }

  void choose_household() {
    if (older_) {
      household_ = rng_.chance(120'000) && at_home_first() ? HouseholdType::kCouple : HouseholdType::kSingle;
    } else {
      std::array<int64_t, 3> weights = {80, 10, 10};
      household_ = static_cast<HouseholdType>(rng_.pick(weights));
      if (household_ == HouseholdType::kLoneParent) children_ = static_cast<int>(rng_.between(1, 3));
      if (household_ == HouseholdType::kCouple) children_ = static_cast<int>(rng_.between(0, 2));
      // Premiums with figures for every household type: disability; enhanced disability only
      // for single people and lone parents (the couple rate is not in the rule figures).
      disability_premium_ = rng_.chance(700'000);
      enhanced_premium_ = disability_premium_ && household_ != HouseholdType::kCouple && rng_.chance(250'000);
    }
  }

  void choose_course() { choose_events(draw_length(rng_, older_, at_home_first()), false); }

  // Care lasts `length` days from entry; `at_age_limit`: it ends on the day before the person's
  // 105th birthday, in death.
  void choose_events(int64_t length, bool at_age_limit) {
    end_ = entry_ + Days(length - 1);
    const bool open = end_ > window_.horizon;
    known_end_ = open ? window_.horizon : end_;

    // A move into a care home part-way through care at home.
    if (at_home_first() && length >= 60 && rng_.chance(older_ ? 300'000 : 100'000)) {
      care_home_from_ = entry_ + Days(length * rng_.between(20, 90) / 100);
      if (care_home_from_ > known_end_) care_home_from_ = Date::max();
    }
    // A move of council (a new needs record).
    if (length >= 120 && rng_.chance(30'000)) {
      Date lo = entry_ + Days(60);
      Date hi = known_end_ - Days(30);
      if (lo <= hi) move_on_ = day_between(rng_, lo, hi);
    }
    if (!open) {
      bool ends_in_care_home = !at_home_first() || care_home_from_ != Date::max();
      dies_ = rng_.chance(ends_in_care_home ? 950'000 : 500'000) || at_age_limit;
    }
    open_ = open;
  }

  void choose_money() {
    const bool care_home = !at_home_first();
    if (care_home) {
      capital_ = self_funder_first() ? sample_band(rng_, kCareHomeSelfCapital) : sample_band(rng_, kCareHomeCouncilCapital);
    } else {
      capital_ = self_funder_first() ? sample_band(rng_, kAtHomeSelfCapital) : sample_band(rng_, kAtHomeCouncilCapital);
    }
    const int64_t house_bp = house_index_bp(std::max(entry_, window_.first).year());
    // A home with a qualifying relative living there is disregarded: any capital band.
    if (rng_.chance(55'000)) {
      home_value_ = whole_pounds(scale_bp(rng_.quantile(kHomeValue), house_bp) / 100 * 100);
      relative_ = true;
      savings_ = capital_;
    } else if (household_ == HouseholdType::kCouple && rng_.chance(700'000)) {
      // A partner lives in the home: disregarded wherever the person is.
      home_value_ = whole_pounds(scale_bp(rng_.quantile(kHomeValue), house_bp));
      relative_ = true;
      savings_ = capital_;
    } else if (care_home) {
      // In a care home the home counts (after 12 weeks): owners are the people with capital
      // of £100,000 or more, whose home is most of it.
      if (capital_ >= 10'000'000 && rng_.chance(900'000)) {
        home_value_ = capital_ * rng_.between(55, 90) / 100 / 100'000 * 100'000;
        savings_ = capital_ - *home_value_;
      } else {
        savings_ = capital_;
      }
    } else {
      // At home the home is disregarded, so ownership is independent of the savings band.
      savings_ = capital_;
      if (rng_.chance(self_funder_first() ? 750'000 : 450'000)) {
        home_value_ = whole_pounds(scale_bp(rng_.quantile(kHomeValue), house_bp));
      }
    }
    if (home_value_ && rng_.chance(50'000)) {
      // Secured debt: the home's value rises by the debt so counted capital stays as drawn.
      secured_debt_ = *home_value_ * rng_.between(5, 30) / 100 / 100 * 100;
      *home_value_ += secured_debt_;
    }
    if (savings_ >= 200'000 && rng_.chance(100'000)) {
      other_capital_ = rng_.between(100'000, savings_ < 2'000'000 ? savings_ : 2'000'000);
      savings_ -= other_capital_;
    }

    const int64_t bp = prices(entry_);
    if (older_) {
      income_.push_back({"state_pension", scale_bp(rng_.quantile(kStatePension), bp)});
      int64_t total = income_.back().second;
      if (rng_.chance(700'000)) {
        income_.push_back({"private_pension", scale_bp(rng_.quantile(kPrivatePension), bp)});
        total += income_.back().second;
      }
      const int64_t guarantee = scale_bp(kPensionCreditGuarantee, bp);
      if (total < guarantee && capital_ < 1'600'000 && rng_.chance(600'000)) {
        income_.push_back({"pension_credit_guarantee", guarantee - total});
      }
    } else {
      if (rng_.chance(700'000)) {
        income_.push_back({"esa", scale_bp(rng_.between(9'000, 14'000), bp)});
      } else {
        income_.push_back({"universal_credit", scale_bp(rng_.between(8'000, 12'000), bp)});
      }
      if (rng_.chance(700'000)) {
        income_.push_back({"pip_daily_living", scale_bp(rng_.chance(500'000) ? 7'390 : 11'040, bp)});
      }
      if (rng_.chance(500'000)) {
        income_.push_back({"pip_mobility", scale_bp(rng_.chance(500'000) ? 2'920 : 7'705, bp)});
      }
    }
    if (at_home_first()) {
      if (!older_ && !home_value_ && rng_.chance(250'000)) housing_costs_ = scale_bp(rng_.between(1'500, 6'000), bp);
      if (rng_.chance(400'000)) dre_ = scale_bp(rng_.between(500, 3'500), bp);
    }
  }

  int64_t counted_capital_in_care_home() const {
    int64_t c = savings_ + other_capital_;
    if (home_value_ && !relative_) c += *home_value_ - secured_debt_;
    return c;
  }

  // A care home record's B and F.
  void price_care_home(CareSegment& c) {
    const int64_t bp = prices(c.from);
    const bool nursing = c.category == CareHomeCategory::kNursing || c.category == CareHomeCategory::kNursingEnhanced;
    const bool enhanced =
        c.category == CareHomeCategory::kResidentialEnhanced || c.category == CareHomeCategory::kNursingEnhanced;
    int64_t b = rng_.quantile(nursing ? kCouncilNursing : kCouncilResidential);
    if (enhanced) b = b * 115 / 100;
    b = whole_pounds(scale_bp(b, bp));
    if (c.arranged_by == ArrangedBy::kCouncil) {
      // Enhanced categories always carry their budget: councils rarely publish those rates.
      if (enhanced || mover_ || rng_.chance(700'000)) c.personal_budget = b;
      if (rng_.chance(250'000)) c.weekly_fee = b + whole_pounds(scale_bp(rng_.between(2'500, 20'000), bp));
    } else {
      int64_t fee = whole_pounds(scale_bp(rng_.quantile(nursing ? kSelfNursing : kSelfResidential), bp));
      if (enhanced) fee = fee * 115 / 100 / 100 * 100;
      if (enhanced || mover_ || rng_.chance(500'000)) {
        c.personal_budget = b;
        if (fee < b) fee = b;
      }
      c.weekly_fee = fee;
    }
  }

  void price_at_home(CareSegment& c) {
    const int64_t bp = prices(c.from);
    if (c.setting == Setting::kCommunity) {
      c.personal_budget = hours_times_rate(c.hours, scale_bp(kDirectPaymentHourly, bp));
      return;
    }
    const int64_t council_rate = scale_bp(kCouncilHourly, bp);
    if (c.arranged_by == ArrangedBy::kCouncil) {
      if (mover_ || rng_.chance(500'000)) c.personal_budget = hours_times_rate(c.hours, council_rate);
    } else {
      const int64_t own_rate = scale_bp(rng_.between(kSelfHourlyLow, kSelfHourlyHigh), bp);
      c.weekly_fee = hours_times_rate(c.hours, own_rate);
      if (mover_ || rng_.chance(500'000)) c.personal_budget = hours_times_rate(c.hours, council_rate);
    }
  }

  CareHomeCategory draw_category(bool nursing) {
    if (nursing) return rng_.chance(50'000) ? CareHomeCategory::kNursingEnhanced : CareHomeCategory::kNursing;
    return rng_.chance(100'000) ? CareHomeCategory::kResidentialEnhanced : CareHomeCategory::kResidential;
  }

  void add_care_home_part(Date from, Date to, ArrangedBy by, bool nursing) {
    CareSegment c;
    c.from = from;
    c.to = to;
    c.setting = Setting::kCareHome;
    c.category = draw_category(nursing);
    c.arranged_by = by;
    // Some residents' needs grow and they move to nursing care.
    const int64_t span = (std::min(to, known_end_) - from).count();
    if (!nursing && span >= 60 && rng_.chance(120'000)) {
      Date change = from + Days(span * rng_.between(30, 90) / 100);
      c.to = change.prev();
      price_care_home(c);
      care_.push_back(c);
      c.from = change;
      c.to = to;
      c.category = draw_category(true);
      c.personal_budget.reset();
      c.weekly_fee.reset();
    }
    price_care_home(c);
    care_.push_back(c);
  }

  void build_care() {
    mover_ = move_on_ != Date::max();
    const Date last = open_ ? Date::max() : end_;
    if (!at_home_first()) {
      add_care_home_part(entry_, last, self_funder_first() ? ArrangedBy::kSelf : ArrangedBy::kCouncil,
                         pathway_ == Pathway::kCouncilNursing || (pathway_ == Pathway::kSelfCareHome && rng_.chance(300'000)));
      return;
    }
    const Date home_last = care_home_from_ == Date::max() ? last : care_home_from_.prev();
    const ArrangedBy home_by = self_funder_first() ? ArrangedBy::kSelf : ArrangedBy::kCouncil;
    const Setting setting = pathway_ == Pathway::kCouncilDirectPayment ? Setting::kCommunity : Setting::kHomeCare;
    int64_t hours = quarter_hours(rng_.quantile(kHours));

    // Boundaries inside the home part: a change of hours, a respite stay in a care home.
    const Date home_known_last = std::min(home_last, known_end_);
    const int64_t span = (home_known_last - entry_).count();
    Date hours_change = Date::max();
    if (setting == Setting::kHomeCare && span >= 90 && rng_.chance(250'000)) {
      hours_change = day_between(rng_, entry_ + Days(30), home_known_last - Days(30));
    }
    Date respite = Date::max();
    int64_t respite_days = 0;
    if (setting == Setting::kHomeCare && older_ && span >= 120 && rng_.chance(100'000)) {
      respite_days = rng_.between(7, 28);
      respite = day_between(rng_, entry_ + Days(30), home_known_last - Days(40));
      if (hours_change != Date::max() && hours_change >= respite && hours_change <= respite + Days(respite_days)) {
        hours_change = Date::max();  // keep the two events apart
      }
    }

    Date from = entry_;
    auto add_home = [&](Date to) {
      CareSegment c;
      c.from = from;
      c.to = to;
      c.setting = setting;
      c.arranged_by = setting == Setting::kCommunity ? ArrangedBy::kCouncil : home_by;
      c.hours = hours;
      price_at_home(c);
      care_.push_back(c);
    };
    if (hours_change != Date::max() && hours_change < respite) {
      add_home(hours_change.prev());
      from = hours_change;
      hours = quarter_hours(hours * rng_.between(120, 180) / 100);
    }
    if (respite != Date::max()) {
      add_home(respite.prev());
      CareSegment c;
      c.from = respite;
      c.to = respite + Days(respite_days - 1);
      c.setting = Setting::kCareHome;
      c.stay = Stay::kTemporary;
      c.arranged_by = home_by;
      price_care_home(c);
      care_.push_back(c);
      from = c.to.next();
    }
    if (hours_change != Date::max() && hours_change > respite && respite != Date::max()) {
      add_home(hours_change.prev());
      from = hours_change;
      hours = quarter_hours(hours * rng_.between(120, 180) / 100);
    }
    add_home(home_last);

    if (care_home_from_ != Date::max()) {
      // Whoever has capital above the upper limit once the home counts arranges their own.
      const ArrangedBy by = counted_capital_in_care_home() > kUpperCapitalLimit ? ArrangedBy::kSelf : ArrangedBy::kCouncil;
      add_care_home_part(care_home_from_, last, by, rng_.chance(300'000));
    }
  }

  void build_exclusions() {
    const bool council_home_care = pathway_ == Pathway::kCouncilHomeCare;
    Date taken_until = entry_.prev();  // exclusions are placed in date order, apart
    // Free reablement: up to six weeks at the start of council home care.
    if (council_home_care && rng_.chance(200'000)) {
      Date to = entry_ + Days(rng_.between(7, 42) - 1);
      if (to > care_.front().to) to = care_.front().to;
      exclusions_.push_back({entry_, to, "free_reablement"});
      taken_until = to;
    }
    // End-of-life fast track to NHS continuing healthcare.
    Date end_of_life_from = Date::max();
    if (dies_ && rng_.chance(80'000)) {
      end_of_life_from = end_ - Days(rng_.between(7, 56) - 1);
      if (end_of_life_from < entry_) end_of_life_from = entry_;
      if (end_of_life_from <= taken_until) end_of_life_from = Date::max();
    }
    // A short NHS continuing healthcare spell part-way through.
    if (rng_.chance(50'000)) {
      const int64_t days = rng_.between(14, 90);
      const Date lo = taken_until.next() + Days(14);
      const Date hi = std::min(known_end_, end_of_life_from == Date::max() ? known_end_ : end_of_life_from.prev()) -
                      Days(days + 14);
      if (lo <= hi) {
        Date from = day_between(rng_, lo, hi);
        exclusions_.push_back({from, from + Days(days - 1), "nhs_continuing_healthcare"});
      }
    }
    if (end_of_life_from != Date::max()) {
      exclusions_.push_back({end_of_life_from, end_, "nhs_continuing_healthcare"});
    }
  }

  // The first day of the person's records: entry, or the window's first day for people
  // already in care then.
  Date first_record_day() const { return std::max(entry_, window_.first); }

  // Records begin on the window's first day at the earliest: what came before is dropped or
  // cut there.
  void keep_within_window() {
    auto keep = [&](auto& list) {
      std::size_t kept = 0;
      for (auto& r : list) {
        if (r.to < window_.first) continue;
        r.from = std::max(r.from, window_.first);
        list[kept++] = r;
      }
      list.resize(kept);
    };
    keep(care_);
    keep(exclusions_);
  }

  void emit(std::string& out) {
    char id[24];
    std::snprintf(id, sizeof id, "P-%06lld", static_cast<long long>(number_));
    out += "{\"id\":\"";
    out += id;
    out += "\",\"birth_date\":";
    put_date(out, birth_);
    out += ",\"death_date\":";
    put_date(out, dies_ ? end_ : Date::max());

    out += ",\"household\":{\"type\":\"";
    out += household_ == HouseholdType::kSingle ? "single" : household_ == HouseholdType::kCouple ? "couple" : "lone_parent";
    out += "\",\"dependent_children\":";
    out += std::to_string(children_);
    out += ",\"premiums\":[";
    if (disability_premium_) out += "\"disability\"";
    if (enhanced_premium_) out += ",\"enhanced_disability\"";
    out += "]}";

    const Date last = open_ ? Date::max() : end_;
    const Date first = first_record_day();
    out += ",\"needs\":[";
    if (mover_ && move_on_ <= first) {
      // Moved before the window: only the second council's needs record is in it.
      out += "{\"from\":";
      put_date(out, first);
      out += ",\"to\":";
      put_date(out, last);
      out += '}';
    } else if (mover_) {
      out += "{\"from\":";
      put_date(out, first);
      out += ",\"to\":";
      put_date(out, move_on_.prev());
      out += ",\"council\":\"";
      out += council_;
      // The council moved to has no rule file here, so every care record carries its budget
      // and the new needs record names no council.
      out += "\"},{\"from\":";
      put_date(out, move_on_);
      out += ",\"to\":";
      put_date(out, last);
      out += '}';
    } else {
      out += "{\"from\":";
      put_date(out, first);
      out += ",\"to\":";
      put_date(out, last);
      out += ",\"council\":\"";
      out += council_;
      out += "\"}";
    }
    out += "],\"care\":[";
    for (std::size_t i = 0; i < care_.size(); ++i) {
      if (i) out += ',';
      put_care(out, care_[i]);
    }
    out += "],\"finances\":[";
    put_finances(out, first, relative_);
    if (law_.relative_left_on) {
      out += ',';
      put_finances(out, *law_.relative_left_on, false);
    }
    out += "],\"exclusions\":[";
    for (std::size_t i = 0; i < exclusions_.size(); ++i) {
      if (i) out += ',';
      out += "{\"from\":";
      put_date(out, exclusions_[i].from);
      out += ",\"to\":";
      put_date(out, exclusions_[i].to);
      out += ",\"reason\":\"";
      out += exclusions_[i].reason;
      out += "\"}";
    }
    out += ']';
    put_law_person(out, law_);
    out += '}';
  }

  // One finances record from `from`: the figures drawn, with the home's qualifying relative
  // living there or not (a record after the relative left says why they left).
  void put_finances(std::string& out, Date from, bool relative_there) const {
    out += "{\"from\":";
    put_date(out, from);
    out += ",\"savings\":";
    put_money(out, savings_);
    out += ",\"other_capital\":";
    put_money(out, other_capital_);
    put_joint_capital(out, law_);
    if (home_value_) {
      out += ",\"home\":{\"value\":";
      put_money(out, *home_value_);
      out += ",\"secured_debt\":";
      put_money(out, secured_debt_);
      out += relative_there ? ",\"qualifying_relative_lives_there\":true" : ",\"qualifying_relative_lives_there\":false";
      put_home_owners(out, law_);
      if (relative_ && !relative_there) put_relative_left(out, law_);
      out += '}';
    }
    out += ",\"income\":[";
    for (std::size_t i = 0; i < income_.size(); ++i) {
      if (i) out += ',';
      out += "{\"type\":\"";
      out += income_[i].first;
      out += "\",\"weekly\":";
      put_money(out, income_[i].second);
      if (half_paid_to_spouse(law_, income_[i].first)) out += ",\"half_paid_to_spouse\":true";
      out += '}';
    }
    out += "],\"housing_costs\":";
    put_money(out, housing_costs_);
    if (!law_.dre_left_out) {
      out += ",\"disability_related_expenditure\":";
      put_money(out, dre_);
    }
    out += '}';
  }

  // What the law's features depend on.
  DrawnPerson drawn() const {
    DrawnPerson d;
    d.older = older_;
    d.at_home_first = at_home_first();
    d.couple = household_ == HouseholdType::kCouple;
    d.entry_prices_bp = prices(entry_);
    d.end = end_;
    d.known_end = known_end_;
    d.open = open_;
    d.home_value = home_value_;
    d.secured_debt = secured_debt_;
    d.relative = relative_;
    d.savings = savings_;
    d.other_capital = other_capital_;
    d.dre = dre_;
    return d;
  }

  const std::string& council_;
  int64_t number_;
  Rng rng_;
  RecordWindow window_;

  Pathway pathway_ = Pathway::kCouncilHomeCare;
  bool older_ = true;
  Date entry_;
  Date birth_;
  HouseholdType household_ = HouseholdType::kSingle;
  int children_ = 0;
  bool disability_premium_ = false;
  bool enhanced_premium_ = false;

  Date end_;                        // the last day of care (when known)
  Date known_end_;                  // end_, or the horizon when care runs past it
  bool open_ = false;               // care runs past the horizon: records left open
  bool dies_ = false;
  Date care_home_from_ = Date::max();
  Date move_on_ = Date::max();
  bool mover_ = false;

  int64_t capital_ = 0;
  int64_t savings_ = 0;
  int64_t other_capital_ = 0;
  std::optional<int64_t> home_value_;
  int64_t secured_debt_ = 0;
  bool relative_ = false;
  std::vector<std::pair<const char*, int64_t>> income_;
  int64_t housing_costs_ = 0;
  int64_t dre_ = 0;

  std::vector<CareSegment> care_;
  std::vector<ExclusionSpell> exclusions_;
  std::optional<Rng> law_rng_;  // --law-2026 only: the stream of the law's features
  LawFeatures law_;             // --law-2026 only: empty without it
};

}  // namespace
}  // namespace county

void generate_person(const CountyOptions& options, int64_t index, std::string& out) {
  const auto stream = static_cast<uint64_t>(index);
  std::optional<county::Rng> law;
  if (options.law_2026) law = county::law_stream(options.seed, stream);
  county::PersonBuilder(options.council, index + 1, county::Rng(options.seed, stream), county::RecordWindow{}, law)
      .write_closed(out);
}

void generate_people(const CountyOptions& options, int64_t first, int64_t last, std::string& out) {
  for (int64_t i = first; i < last; ++i) {
    generate_person(options, i, out);
    out += '\n';
  }
}

namespace {

__extension__ using I128 = __int128;
constexpr int64_t kPpm = 1'000'000;

// in_care × (1 + growth)^years in millionths of a person, rounded half up each year.
I128 target_millionths(const OpenCountyOptions& o, int years) {
  I128 n = static_cast<I128>(o.in_care) * kPpm;
  for (int y = 0; y < years; ++y) n = (n * (kPpm + o.growth_ppm) + kPpm / 2) / kPpm;
  return n;
}

}  // namespace

Status check_open_county(const OpenCountyOptions& o) {
  if (o.until < o.from) {
    return invalid_input("", "option --until (" + to_string(o.until) + ") is before --from (" + to_string(o.from) + ")");
  }
  if (o.until >= add_years_months(o.from, kMaxWindowYears, 0)) {
    return invalid_input("", "options --from and --until: expected a window of at most " +
                                 std::to_string(kMaxWindowYears) + " years, got " + to_string(o.from) + " to " +
                                 to_string(o.until));
  }
  if (o.in_care < 1 || o.in_care > kMaxInCare) {
    return invalid_input("", "option --in-care: expected 1 to " + std::to_string(kMaxInCare) + " people, got " +
                                 std::to_string(o.in_care));
  }
  if (o.growth_ppm < -kMaxGrowthPpm || o.growth_ppm > kMaxGrowthPpm) {
    return invalid_input("", "option --growth: expected -50 to 50 (percent a year)");
  }
  if (target_in_care(o, o.until) > kMaxInCare) {
    return invalid_input("", "option --growth: the number in care would reach " +
                                 std::to_string(target_in_care(o, o.until)) + " by " + to_string(o.until) +
                                 ", above the limit of " + std::to_string(kMaxInCare));
  }
  return ok_status();
}

int64_t target_in_care(const OpenCountyOptions& o, Date on) {
  if (on <= o.from) return o.in_care;
  int years = 0;
  while (years < kMaxWindowYears && add_years_months(o.from, years + 1, 0) <= on) ++years;
  const Date year_start = add_years_months(o.from, years, 0);
  const Date year_end = add_years_months(o.from, years + 1, 0);
  const I128 a = target_millionths(o, years);
  const I128 b = target_millionths(o, years + 1);
  const I128 n = a + (b - a) * (on - year_start).count() / (year_end - year_start).count();
  return static_cast<int64_t>((n + kPpm / 2) / kPpm);
}

// Day by day from well before the window: whoever's care has ended leaves, and new people are
// admitted until the number in care is the day's target. Everyone whose care reaches into the
// window is written, in order of admission.
Status generate_open_county(const OpenCountyOptions& o, const std::function<Status(std::string_view)>& sink) {
  using namespace county;
  if (Status s = check_open_county(o); !s) return s;
  std::priority_queue<Date, std::vector<Date>, std::greater<>> last_days;  // of everyone in care
  const RecordWindow window{o.from, o.until};
  constexpr std::size_t kBlock = std::size_t{1} << 20;
  std::string buf;
  uint64_t candidate = 0;
  int64_t number = 0;
  for (Date day = o.from - Days(kSettlingDays); day <= o.until; day = day.next()) {
    while (!last_days.empty() && last_days.top() < day) last_days.pop();
    const int64_t target = target_in_care(o, day);
    while (static_cast<int64_t>(last_days.size()) < target) {
      const uint64_t stream = open_stream(candidate++);
      Rng rng(o.seed, stream);
      const Course course = draw_course(rng);
      const Date last = course.last_day(day);
      last_days.push(last);
      if (last < o.from) continue;  // in care only before the window
      std::optional<Rng> law;
      if (o.law_2026) law = law_stream(o.seed, stream);
      PersonBuilder(o.council, ++number, rng, window, law).write_open(course, day, buf);
      buf += '\n';
      if (buf.size() >= kBlock) {
        if (Status s = sink(buf); !s) return s;
        buf.clear();
      }
    }
  }
  return buf.empty() ? ok_status() : sink(buf);
}

const char* county_generator_help() {
  return R"(caremeter generate — a synthetic Norfolk-like county (JSON Lines, one person a line)

usage: caremeter generate --seed S [--in-care N] [--from DATE] [--until DATE] [--growth PCT]
                          [--out FILE] [--council ID] [--rules DIR] [--law-2026]
       caremeter generate --seed S --people N [--out FILE] [--council ID] [--rules DIR]
                          [--law-2026]

An open county (the default): people enter care on every day of a window at the rate that
keeps the number in care at a target, and leave it by death, discharge or a move; for policy
runs over future years.
  --in-care N    people in care on any day (default 19000, the Norfolk-like county; largest
                 county about 50000)
  --from DATE    the window's first day (default 2018-04-01); records begin on it at the
                 earliest: people already in care then have records from that day (their
                 age and length of stay still count from their real entry)
  --until DATE   the window's last day (default 2035-03-31); care still running then is left
                 open (no end, no death). Use the county for runs within its window.
  --growth PCT   yearly growth of the number in care, percent (default 0; -50 to 50), e.g.
                 1.5: the target grows from each anniversary of --from to the next, linearly
People are listed in order of entry into care. The number in care is the target on every day
(when the target falls, as soon as enough people have left).

A closed county: exactly N care accounts, opened between 2018-01-01 and 2026-12-31 (for
benchmarks of a given size).
  --people N     how many accounts (Norfolk-like county: 23000; largest county: 50000; all of
                 England: 1200000); N people are the first N lines of any larger closed county
                 of that seed. Its bytes are unchanged from earlier versions.

Both:
  --seed S       any whole number 0..2^64-1; the same options give the same bytes on any machine
  --out FILE     write there (atomically) instead of standard output
  --council ID   the responsible council in needs records (default example-shire, an
                 illustrative council: its rates derive B where a record gives none); it must
                 have a council file in the rules directory
  --rules DIR    the rules directory (default: the installed rules)
  --law-2026     also the law's newer features, in the proportions at the end (without it
                 the bytes are those of earlier versions)

No real person's data is used. Ids are P-000001, P-000002, ...

Sourced (ONS care homes and self-funders 2022-23, NHS England ASC activity and finance 2023-24,
LaingBuisson and Homecare Association 2025, the BGS-cited length-of-stay study, Norfolk County
Council population figures):
  - the Norfolk point-in-time mix: council-supported nursing 960, residential 2,400, home care
    5,640, direct payments 3,000; self-funders in care homes 3,800, with home care 3,000 (see
    the assumptions for how entrants are weighted to give it); about 19,000 in care at once;
  - council B for care homes: residential median 1,030 (p10 880, p90 1,250), nursing median
    1,150 (p10 1,000, p90 1,400); self-funder fees: residential median 1,300 (p90 1,800),
    nursing median 1,535 (p90 2,000); home care 24.10 an hour (council), 30-34 (self-funders);
  - hours of home care a week: lognormal, median 8, mean 12, p90 25;
  - capital at care-home entry in the ONS bands (council-supported people drawn from the bands
    up to 23,250, self-funders from those above); at home <14,250 60%, to 23,250 10%, to
    100,000 20%, above 10%; Norfolk average house price 277,321 (January 2022); 10% of owners
    with a qualifying relative living in the home;
  - income of people over 65: state pension (basic 176.45 to new full 230.25, 2025-26) plus
    a private pension;
  - care-home stays: median 462 days, mean about 800, 55% longer than a year, 27% longer than
    three years; about two-thirds of people 65+, care-home residents mostly 80+.

Where the sourced figures cannot all hold, the generator follows:
  - the Norfolk point-in-time counts, so 53% of care-home residents self-fund (sources: 37% in
    England, 49% in homes for older people) and 36% of everyone in care;
  - the capital bands within council-supported and within self-funding care-home entrants, so
    about 48% of entrants (not 50%) have under 23,250: the split follows the counts above;
  - about 19,000 in care at once (open county); the source's 23,000 accounts for those 19,000
    would mean stays far shorter than the length-of-stay study's: over 2018-2035 an open
    county of 19,000 has about 120,000 accounts;
  - the length-of-stay study for stays (care homes; at home as assumed below), so fewer
    people in care are 65+ (about two-thirds in the source): about 63%.

Assumptions (the generator's own; fine for benchmarks, not evidence):
  - open county: the county is simulated day by day from 9,200 days before --from (longer than
    any stay), admitting people whenever fewer than the target are in care, so the people in
    care on --from are already a settled mix of long and short stays; nobody is in care on or
    after their 105th birthday (care then ends the day before, in death); entrants are weighted
    (900 : 2,950 : 4,050 : 1,670 : 4,050 : 2,725 for the six kinds above) so that the people in
    care on a day follow the Norfolk counts: about 38% in care homes, 36% self-funding, 16% on
    direct payments, 63% aged 65+;
  - closed county: accounts open uniformly between 2018-01-01 and 2026-12-31 in proportions
    1,000 : 2,500 : 4,200 : 1,900 : 3,900 : 2,600, giving about 40% in care homes, 37%
    self-funding, 65% aged 65+ on a day; with accounts spread over nine years about a third
    are open on any one day (about 7,000 of 23,000); events after 2031-03-31 are unknown, so
    care still running then is left open (no end, no death);
  - 2025-26 prices are deflated (or inflated) to the year a record starts (to the window's
    first year for records begun before it) by an index close to CPI (2018-19 0.78 ... 2025-26
    1.00, 2026-27 1.03, then 2.5 points a year: 2034-35 1.23); house prices by a flat-ish index,
    flat after 2026;
  - tails of every distribution (p0, p10 where not sourced, p100); direct payments at 20.50
    an hour of need; enhanced care-home categories at 115% of the standard rate;
  - care at home lasts longer than care-home stays (median 2 years; doubled for people under
    65); 30% of older people at home (10% of younger) move into a care home part-way; 25% of
    home-care packages change hours once (x1.2 to x1.8); 10% of older people at home have a
    respite (temporary) care-home stay of 1-4 weeks; 12% of residential residents move to
    nursing care; 3% move council (the new council has no rule file here, so their records
    all carry personal_budget and the new needs record names no council);
  - care homes end in death for 95%, care at home for 50% (the rest leave care: discharge or
    a move away); 8% of deaths have an end-of-life NHS continuing healthcare spell (1-8
    weeks), 5% of people a short NHS CHC spell (2-13 weeks), 20% of council home care starts
    with free reablement (1-6 weeks);
  - owners in care homes are those with capital of 100,000 or more (90% of them; the home
    55-90% of it): the ONS capital bands take precedence over the 55% general ownership
    rate, which is used at home (45% council-supported, 75% self-funders);
  - private pension for 70% of people over 65; pension credit guarantee (227.10, 2025-26) for
    60% of those below it; people under 65 have ESA or universal credit, PIP; the assessment
    at entry (or on --from for people already in care then) is the only finances record
    (income is not uprated later, capital is as drawn for entry);
  - under 65: single 80%, couple 10%, lone parent 10%; disability premium 70%, enhanced 25%
    of those (not for couples); over 65: single, or a couple (12% of those at home);
  - 70% of council care-home records and 50% of the others give personal_budget explicitly;
    25% of council placements have a third-party top-up of 25-200 a week.

With --law-2026 (assumptions, drawn from a stream of their own so that everything above stays
the same person by person, except the income and fees named here; in an open county the same
people enter and leave care on the same days, and the features are drawn on the records as
written, from --from at the earliest):
  - nursing placements: 1% on the higher FNC rate (the 2007 high band); half of the fees given
    are gross quotes including FNC (weekly_fee_includes_fnc) at the rate of the year the record
    starts (DHSC: 2017-18 155.05 ... 2026-27 267.68; earlier years take the first, later years
    the last);
  - 8% of council care-home placements whose budget is given and that have no top-up cost
    2-10% less than it (Care Act s14(4): B is then the fee);
  - 30% of permanent care-home stays with a qualifying relative in the home see the relative
    leave part-way (a second finances record): died 55%, moved into a care home 20%, another
    reason 25%; 90% of them had lived there before the admission;
  - joint savings for 8% of people (2,000-40,000 at 2025-26 prices; two owners for 85%, else
    three); a jointly owned home (two owners) for half of couples' homes and 4% of others;
  - notional capital for 2% of permanent residents: 5,000-50,000 from a day in the first four
    months of the stay (or of the window, for people already in care on --from);
  - half of a private pension paid to a spouse for half of the couples who have one;
  - a deferred payment agreement for 20% of permanent residents whose home counts and whose
    other capital is below 23,250 (about 0.5-0.6% of people): from the end of the 12-week
    disregard to the end of care, the national maximum rate for 70% and a council rate of
    1.00-3.00% for the rest, a set-up fee of 250-900 and a yearly fee of 50-100 on each
    anniversary (their interest needs the national maximum for every half-year up to the
    as-of date);
  - at home: attendance allowance for 45% of people over 65 (the higher rate for 40% of
    them); night care arranged for 15% of those with attendance allowance or PIP daily
    living; disability_related_expenditure left out (not assessed) where it would be nothing,
    so a council's standard allowance can apply.
The shipped rule version has none of the figures these need (FNC rates, the interest maxima,
the disability benefit rates), so such a county cannot yet be recalculated with it.
)";
}

}  // namespace caremeter
