// plain.cc — the sentences of `why`: one reader a question, each reading a period's trace (or
// the whole walked result), in a family's words. How to add a sentence: plain.h.
#include "plain.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "check.h"

namespace caremeter {

std::string in_pounds(Money m) {
  std::string digits = to_string(m);  // "-1234.56"
  const bool negative = digits.front() == '-';
  if (negative) digits.erase(0, 1);
  const std::size_t point = digits.find('.');
  std::string out = negative ? "-£" : "£";
  for (std::size_t i = 0; i < point; ++i) {
    if (i > 0 && (point - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out + digits.substr(point);
}

std::string in_words(Date d) {
  static constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",
                                                         "May",     "June",     "July",      "August",
                                                         "September", "October", "November", "December"};
  const date::year_month_day ymd = d.ymd();
  return std::to_string(static_cast<unsigned>(ymd.day())) + " " +
         kMonths[static_cast<unsigned>(ymd.month()) - 1] + " " + std::to_string(static_cast<int>(ymd.year()));
}

PlainSentence statement_adjustment_sentence(Date previous_period_end, Money shown_then, Money worked_out_now) {
  std::string text = "Your last statement showed " + in_pounds(shown_then) + " counted toward the cap by " +
                     in_words(previous_period_end);
  if (worked_out_now == shown_then) {
    text += ", and worked out again now that figure is the same.";
  } else {
    const bool more = worked_out_now > shown_then;
    text += "; worked out again now it is " + in_pounds(worked_out_now) + ", so this statement " +
            (more ? "adds " + in_pounds(worked_out_now - shown_then)
                  : "takes off " + in_pounds(shown_then - worked_out_now)) +
            ".";
  }
  return PlainSentence{DateRange{previous_period_end, previous_period_end}, PlainReason::kStatementAdjustment,
                       std::move(text),
                       {{"previous_period_end", to_string(previous_period_end)},
                        {"accrued_then_shown", to_string(shown_then)},
                        {"accrued_then_now", to_string(worked_out_now)}}};
}

namespace calc {
namespace {

using Figures = std::vector<std::pair<std::string, std::string>>;

std::string pounds(Money m) { return in_pounds(m); }
std::string pounds(Exact e) { return in_pounds(e.round_half_up()); }
std::string figure(Money m) { return to_string(m); }
std::string figure(Exact e) { return to_string(e.round_half_up()); }
std::string figure(Date d) { return to_string(d); }

// "10.5" for 10.50, "14" for 14.00.
std::string number(Hundredths h) {
  std::string t = to_string(h);
  while (t.back() == '0') t.pop_back();
  if (t.back() == '.') t.pop_back();
  return t;
}
std::string percent(Percent p) { return number(Hundredths{p.hundredths}) + "%"; }

// "from 1 May 2024 to 30 June 2024", or "from 1 May 2024" when open-ended.
std::string from_to(const DateRange& r) {
  return "from " + in_words(r.first) + (r.open() ? std::string() : " to " + in_words(r.last));
}

// Collects the sentences; the same sentence of the days just before is extended instead.
class Sentences {
 public:
  void add(DateRange days, PlainReason reason, std::string text, Figures figures) {
    std::optional<std::size_t>& last = last_[static_cast<std::size_t>(reason)];
    if (last) {
      PlainSentence& before = out_[*last];
      if (before.text == text && !before.days.open() && before.days.last.next() == days.first) {
        before.days.last = days.last;
        return;
      }
    }
    last = out_.size();
    out_.push_back(PlainSentence{days, reason, std::move(text), std::move(figures)});
  }
  std::vector<PlainSentence> take() {
    std::stable_sort(out_.begin(), out_.end(),
                     [](const PlainSentence& a, const PlainSentence& b) { return a.days.first < b.days.first; });
    return std::move(out_);
  }

 private:
  std::vector<PlainSentence> out_;
  std::array<std::optional<std::size_t>, static_cast<std::size_t>(PlainReason::kCount)> last_{};
};

// One stretch being read: its trace, and the rest of the result.
struct Reading {
  const PlainInputs& in;
  std::size_t index;  // of the stretch's trace
  const PeriodTrace& trace;

  bool charged() const { return trace.records.status == DayStatus::kCharged; }
  const Assessment& a() const { return *trace.assessment; }
  const PaymentSplit& split() const { return trace.split; }
  DateRange days() const { return trace.days; }
  bool reform_on() const { return in.scenario.reform_applies_on(trace.days.first); }
  void add(Sentences& out, PlainReason reason, std::string text, Figures figures) const {
    out.add(days(), reason, std::move(text), std::move(figures));
  }
};

// The council's name as its rule file gives it ("Leeds City Council"), else its id.
std::string council_name(const PlainInputs& in, const std::string& id) {
  const auto& councils = in.scenario.rules().councils;
  auto it = councils.find(id);
  return it != councils.end() && !it->second.name.empty() ? it->second.name : id;
}

const char* care_home_care(CareHomeCategory c) {
  switch (c) {
    case CareHomeCategory::kResidential: return "residential care";
    case CareHomeCategory::kResidentialEnhanced: return "enhanced residential care";
    case CareHomeCategory::kNursing: return "nursing care";
    case CareHomeCategory::kNursingEnhanced: return "enhanced nursing care";
  }
  return "care";
}

// ---- Nothing charged -------------------------------------------------------------------------

void exclusion(const Reading& r, Sentences& out) {
  if (r.trace.records.status != DayStatus::kExcluded) return;
  const Exclusion& x = *r.trace.records.exclusion;
  std::string when = from_to(x.range);
  when[0] = 'F';
  std::string cap = r.reform_on() ? " Nothing counts toward the cap for these days." : "";
  Figures figures{{"from", figure(x.range.first)}};
  if (!x.range.open()) figures.emplace_back("to", figure(x.range.last));
  switch (x.reason) {
    case ExclusionReason::kNhsContinuingHealthcare:
      r.add(out, PlainReason::kNhsContinuingHealthcare,
            when + " the NHS pays for all of your care (NHS continuing healthcare), so you pay nothing for it." + cap,
            figures);
      return;
    case ExclusionReason::kS117Aftercare:
      r.add(out, PlainReason::kS117Aftercare,
            when + " your care is free aftercare under section 117 of the Mental Health Act 1983, so you pay nothing "
                   "for it." + cap,
            figures);
      return;
    case ExclusionReason::kFreeReablement:
      r.add(out, PlainReason::kFreeReablement,
            when + " your care is free reablement, short-term care to help you manage on your own again, so you pay "
                   "nothing for it." + cap,
            figures);
      return;
  }
}

// ---- The cost of meeting the needs, and the fee ----------------------------------------------

void personal_budget(const Reading& r, Sentences& out) {
  if (!r.charged()) return;
  const Assessment& a = r.a();
  const PersonalBudget& b = a.budget;
  // Limited to a lower fee, the budget as first worked out is told first, then the limit.
  const Money worked_out = b.limited_to_fee ? b.before_fee : b.weekly;
  std::string text = "Your personal budget, the cost of meeting your needs, is " + pounds(worked_out) + " a week";
  Figures figures{{"personal_budget", figure(worked_out)}};
  switch (b.source) {
    case BudgetSource::kCareRecord:
      r.add(out, PlainReason::kPersonalBudgetGiven, text + ".", figures);
      break;
    case BudgetSource::kCareHomeRate:
      r.add(out, PlainReason::kCouncilCareHomeRate,
            text + ": the rate " + council_name(r.in, b.rate.council()) + " pays for " + care_home_care(a.care->category) +
                ".",
            figures);
      break;
    case BudgetSource::kHomeCareHours:
      figures.emplace_back("hours_per_week", to_string(b.hours_per_week));
      figures.emplace_back("hourly_rate", figure(b.rate.value()));
      r.add(out, PlainReason::kHomeCareHours,
            text + ": " + number(b.hours_per_week) + " hours of home care at " + pounds(b.rate.value()) +
                " an hour, the rate " + council_name(r.in, b.rate.council()) + " pays.",
            figures);
      break;
  }
  if (b.rates_of_previous_council) {
    r.add(out, PlainReason::kPreviousCouncilRates,
          "You moved to the area of " + council_name(r.in, a.needs->council) + ": until it assesses your needs again, " +
              "your personal budget is worked out at the rate " + council_name(r.in, b.rate.council()) + " paid on " +
              in_words(b.rates_as_on) + ".",
          {{"rates_as_on", figure(b.rates_as_on)}});
  }
  if (b.limited_to_fee) {
    r.add(out, PlainReason::kPersonalBudgetLimitedToFee,
          "Your care costs the council " + pounds(b.weekly) + " a week, less than that, and it can charge you only " +
              "for what it pays: so " + pounds(b.weekly) + " a week is used.",
          {{"personal_budget", figure(b.weekly)}, {"weekly_fee", figure(a.F())}});
  }
}

// NHS-funded nursing care is paid by the NHS straight to the home: never the person's or the
// council's, and never counted toward the cap (Care Act 2014 s22(8)).
void nhs_nursing_care(const Reading& r, Sentences& out) {
  if (!r.charged()) return;
  const Assessment& a = r.a();
  const std::optional<Money> nhs = a.nursing_care.weekly();
  if (!a.nursing_care.nursing || !nhs) return;
  std::string text = "The NHS pays " + pounds(*nhs) + " a week toward your nursing care, straight to the home";
  Figures figures{{"nhs_nursing_care", figure(*nhs)}};
  if (a.fee.included_fnc) {
    text += ": of the home's fee of " + pounds(a.fee.gross) + ", " + pounds(a.F()) + " a week is left to pay.";
    figures.emplace_back("weekly_fee", figure(a.F()));
  } else {
    text += "; it is not part of what you or the council pay.";
  }
  r.add(out, PlainReason::kNhsNursingCare, std::move(text), std::move(figures));
}

void top_up(const Reading& r, Sentences& out) {
  if (!r.charged() || r.a().top_up.is_zero()) return;
  const Assessment& a = r.a();
  std::string text = "Your care costs " + pounds(a.F()) + " a week, " + pounds(a.top_up) +
                     " more than your personal budget: ";
  Figures figures{{"weekly_fee", figure(a.F())}, {"top_up", figure(a.top_up)}};
  if (a.self_arranged) {
    r.add(out, PlainReason::kOwnTopUp,
          text + "you pay this top-up yourself" + (r.reform_on() ? ", and it never counts toward the cap." : "."),
          figures);
  } else {
    r.add(out, PlainReason::kThirdPartyTopUp, text + "someone else, such as a relative, pays this top-up.", figures);
  }
}

// ---- The home --------------------------------------------------------------------------------

void home_counted(const Reading& r, const Home& home, Sentences& out) {
  Figures figures{{"home_value", figure(home.value)}, {"secured_debt", figure(home.secured_debt)}};
  std::string text;
  if (home.secured_debt.is_zero()) {
    text = "Your home counts as capital: its value of " + pounds(home.value) + ".";
  } else if (home.secured_debt < home.value) {
    text = "Your home counts as capital: " + pounds(home.value - home.secured_debt) + ", its value (" +
           pounds(home.value) + ") less the debt secured on it (" + pounds(home.secured_debt) + ").";
  } else {
    text = "Your home adds nothing to your capital: the debt secured on it (" + pounds(home.secured_debt) +
           ") is not less than its value (" + pounds(home.value) + ").";
  }
  if (home.owners > 1 && home.secured_debt < home.value) {
    // Owned with others, the person's equal share counts (SI 2014/2672 reg 24).
    const Money share = r.a().capital.home_share;
    text = "Your share of your home counts as capital: " + pounds(share) + ", one of " + std::to_string(home.owners) +
           " equal shares of " + (home.secured_debt.is_zero() ? "its value (" + pounds(home.value) + ")."
                                                               : "its value (" + pounds(home.value) +
                                                                     ") less the debt secured on it (" +
                                                                     pounds(home.secured_debt) + ").");
    figures.emplace_back("home_share", figure(share));
  }
  r.add(out, PlainReason::kHomeCounted, std::move(text), std::move(figures));
}

// The 12 weeks from the start of a permanent stay; a return within 52 weeks has what was left.
void home_in_first_12_weeks(const Reading& r, Sentences& out) {
  const auto& disregards = r.in.facts.property_disregards();
  auto it = std::find_if(disregards.begin(), disregards.end(),
                         [&](const DateRange& d) { return d.contains(r.days().first); });
  CM_CHECK(it != disregards.end(), "a home disregarded for 12 weeks is in one of the person's disregards");
  const bool whole = it->length().count() == 84;
  r.add(out, PlainReason::kHomeNotCountedFirst12Weeks,
        whole ? "Your home is not counted for the first 12 weeks, until " + in_words(it->last) + "."
              : "Your home is not counted until " + in_words(it->last) +
                    ", within the first 12 weeks of your permanent stay in a care home.",
        {{"until", figure(it->last)}});
}

// A fresh 12 weeks after the qualifying relative left: the law's when they died or moved into a
// care home having lived there before the admission, else the council's at its discretion.
void home_after_relative_left(const Reading& r, Sentences& out) {
  const RelativeLeftDisregard* fresh = r.in.facts.relative_left_disregard_on(r.days().first);
  CM_CHECK(fresh != nullptr, "a fresh 12 weeks is one of the person's");
  const std::optional<RelativeLeftReason>& why = fresh->finances->home->relative_left_reason;
  const Figures figures{{"until", figure(fresh->days.last)}};
  if (r.a().capital.home == HomeTreatment::kRelativeLeftMandatory) {
    r.add(out, PlainReason::kHomeNotCountedRelativeLeft,
          "Your home is not counted until " + in_words(fresh->days.last) + ", 12 weeks from when the relative who " +
              "lived there " + (why == RelativeLeftReason::kDied ? "died." : "moved into a care home."),
          figures);
  } else {
    r.add(out, PlainReason::kHomeNotCountedCouncilDiscretion,
          "Your home is not counted until " + in_words(fresh->days.last) + ": " +
              council_name(r.in, r.a().needs->council) + " gives 12 weeks from when the relative who lived there left.",
          figures);
  }
}

void home(const Reading& r, Sentences& out) {
  if (!r.charged()) return;
  const Assessment& a = r.a();
  switch (a.capital.home) {
    case HomeTreatment::kNoHome: return;
    case HomeTreatment::kCounted: home_counted(r, *a.finances->home, out); return;
    case HomeTreatment::kCareOutsideACareHome:
      r.add(out, PlainReason::kHomeNotCountedOutsideCareHome,
            "Your home is not counted, because you get your care outside a care home.", {});
      return;
    case HomeTreatment::kTemporaryStay:
      r.add(out, PlainReason::kHomeNotCountedTemporaryStay,
            "Your home is not counted, because your stay in the care home is temporary.", {});
      return;
    case HomeTreatment::kRelativeLivesThere:
      r.add(out, PlainReason::kHomeNotCountedRelativeLivesThere,
            "Your home is not counted, because a partner or close relative still lives there.", {});
      return;
    case HomeTreatment::kTwelveWeeks: home_in_first_12_weeks(r, out); return;
    case HomeTreatment::kRelativeLeftMandatory:
    case HomeTreatment::kRelativeLeftDiscretionary: home_after_relative_left(r, out); return;
  }
}

// ---- Capital and income ----------------------------------------------------------------------

// "the upper limit (£23,250.00)", or a council's higher limit for care outside a care home.
std::string upper_limit(const Reading& r, const CapitalLimits& l) {
  if (l.council_upper) {
    return "the higher upper limit " + council_name(r.in, l.council_upper.council()) +
           " sets for care outside a care home (" + pounds(l.upper()) + ")";
  }
  return "the upper limit (" + pounds(l.upper()) + ")";
}
std::string lower_limit(const Reading& r, const CapitalLimits& l) {
  if (l.council_lower) {
    return "the higher lower limit " + council_name(r.in, l.council_lower.council()) +
           " sets for care outside a care home (" + pounds(l.lower()) + ")";
  }
  return "the lower limit (" + pounds(l.lower()) + ")";
}

// Above the upper limit the person pays the full cost (SI 2014/2672 reg 12); but for the cap.
void above_upper_limit(const Reading& r, Sentences& out) {
  const Assessment& a = r.a();
  const PaymentSplit& s = r.split();
  const std::string because =
      "because your capital (" + pounds(a.capital.amount) + ") is above " + upper_limit(r, a.limits) + ".";
  std::string text;
  if (s.stage != CapStage::kBelowCap) {
    text = "Your capital (" + pounds(a.capital.amount) + ") is above " + upper_limit(r, a.limits) +
           ", so without the cap you would pay the full cost of your care.";
  } else if (a.self_arranged) {
    text = "You pay the full fee " + because;
  } else {
    text = "You pay the full cost of your care (" + pounds(a.B()) + " a week) " + because;
  }
  r.add(out, PlainReason::kCapitalAboveUpperLimit, std::move(text),
        {{"capital", figure(a.capital.amount)}, {"upper_capital_limit", figure(a.limits.upper())}});
}

void capital(const Reading& r, Sentences& out) {
  if (!r.charged()) return;
  const Assessment& a = r.a();
  const Figures limits{{"capital", figure(a.capital.amount)},
                       {"lower_capital_limit", figure(a.limits.lower())},
                       {"upper_capital_limit", figure(a.limits.upper())}};
  switch (a.charge.basis) {
    case ChargeBasis::kAboveUpperLimit: above_upper_limit(r, out); return;
    case ChargeBasis::kCareHome:
    case ChargeBasis::kCommunity: break;
  }
  if (a.tariff.step) {
    Figures figures = limits;
    figures.emplace_back("tariff_income", figure(a.tariff.weekly));
    r.add(out, PlainReason::kTariffIncome,
          "Your capital (" + pounds(a.capital.amount) + ") is between " + lower_limit(r, a.limits) + " and " +
              upper_limit(r, a.limits) + ", so it counts as " + pounds(a.tariff.weekly) + " a week of income: " +
              pounds(a.tariff.per_step.value()) + " for every " + pounds(a.tariff.step.value()) + ", or part of " +
              pounds(a.tariff.step.value()) + ", above the lower limit.",
          std::move(figures));
  } else {
    r.add(out, PlainReason::kCapitalAtOrBelowLowerLimit,
          "Your capital (" + pounds(a.capital.amount) + ") is not above " + lower_limit(r, a.limits) +
              ", so it does not count toward what you pay.",
          limits);
  }
}

// "your income (£221.20 a week)", with what capital adds to it; and the verb that goes with it.
std::string income_words(const Assessment& a) {
  std::string s = "your income (" + pounds(a.counted_income) + " a week)";
  if (!a.tariff.weekly.is_zero()) s += " and " + pounds(a.tariff.weekly) + " a week counted from your capital";
  return s;
}
const char* is_are(const Assessment& a) { return a.tariff.weekly.is_zero() ? "is" : "are"; }
const char* comes_come(const Assessment& a) { return a.tariff.weekly.is_zero() ? "comes" : "come"; }
// "your income (…) less the £30.15 a week you keep…", with a comma when capital adds to it.
std::string less(const Assessment& a, const std::string& kept) {
  return income_words(a) + (a.tariff.weekly.is_zero() ? " less " : ", less ") + kept;
}
// "what your income (…) comes to above the £204.40 a week you keep…".
std::string above(const Assessment& a, const std::string& kept) {
  return "what " + income_words(a) + " " + comes_come(a) + " to above " + kept;
}

// In a care home: income less the personal expenses allowance (SI 2014/2672 reg 6).
void charge_in_care_home(const Reading& r, Sentences& out) {
  const Assessment& a = r.a();
  const std::string kept = "the " + pounds(a.allowance.weekly) + " a week you keep for personal expenses";
  std::string text = "The financial assessment asks you to pay ";
  if (a.A().is_zero()) {
    text += "nothing toward your care: " + income_words(a) + " " + is_are(a) + " not more than " + kept + ".";
  } else if (a.A() == a.B()) {
    text += "the full cost of your care (" + pounds(a.A()) + " a week), which is no more than " + less(a, kept) + ".";
  } else {
    text += pounds(a.A()) + " a week: " + less(a, kept) + ".";
  }
  r.add(out, PlainReason::kIncomeLessPersonalExpenses, std::move(text),
        {{"assessed_charge", figure(a.A())},
         {"counted_income", figure(a.counted_income)},
         {"tariff_income", figure(a.tariff.weekly)},
         {"personal_expenses_allowance", figure(a.allowance.weekly)}});
}

// "the £204.40 a week you keep to live on (the minimum income guarantee for your age and
// household…)", with housing costs and disability-related costs when there are any.
std::string kept_to_live_on(const Assessment& a) {
  const FinancesRecord& f = *a.finances;
  const DisabilityRelatedExpenditure& dre = a.allowance.dre;
  std::string s = "the " + pounds(a.allowance.weekly) + " a week you keep to live on (the minimum income guarantee " +
                  "for your age and household";
  if (f.housing_costs.is_zero() && dre.weekly.is_zero()) return s + ")";
  s += ", " + pounds(a.allowance.mig.weekly);
  if (!f.housing_costs.is_zero()) s += ", with " + pounds(f.housing_costs) + " for housing costs";
  if (!dre.weekly.is_zero()) {
    s += (f.housing_costs.is_zero() ? ", with " : " and ") + pounds(dre.weekly) + " for disability-related costs" +
         (dre.assessed ? "" : ", the council's standard allowance");
  }
  return s + ")";
}

// Elsewhere: income above the minimum income guarantee (reg 7), at the council's percentage.
void charge_elsewhere(const Reading& r, Sentences& out) {
  const Assessment& a = r.a();
  const AssessedCharge& c = a.charge;
  const bool whole = c.percentage.hundredths == kWholeAmount.hundredths;
  const std::string share =
      whole ? "" : council_name(r.in, c.percentage_rule.council()) + " charges " + percent(c.percentage) + " of ";
  std::string text = "The financial assessment asks you to pay ";
  if (a.A().is_zero() && c.percentage.hundredths > 0) {
    text += "nothing toward your care: " + income_words(a) + " " + is_are(a) + " not more than " + kept_to_live_on(a) + ".";
  } else if (a.A() == a.B()) {
    text += "the full cost of your care (" + pounds(a.A()) + " a week), which is no more than " +
            (whole ? "" : percent(c.percentage) + " of ") + above(a, kept_to_live_on(a)) + ".";
  } else {
    text += pounds(a.A()) + " a week: " + share + above(a, kept_to_live_on(a)) + ".";
  }
  r.add(out, PlainReason::kMinimumIncomeGuarantee, std::move(text),
        {{"assessed_charge", figure(a.A())},
         {"counted_income", figure(a.counted_income)},
         {"tariff_income", figure(a.tariff.weekly)},
         {"minimum_income_guarantee", figure(a.allowance.mig.weekly)},
         {"housing_costs", figure(a.finances->housing_costs)},
         {"disability_related_expenditure", figure(a.allowance.dre.weekly)},
         {"charging_percentage", to_string(Hundredths{c.percentage.hundredths})}});
}

void charge(const Reading& r, Sentences& out) {
  if (!r.charged()) return;
  switch (r.a().charge.basis) {
    case ChargeBasis::kAboveUpperLimit: return;  // said with the capital
    case ChargeBasis::kCareHome: charge_in_care_home(r, out); return;
    case ChargeBasis::kCommunity: charge_elsewhere(r, out); return;
  }
}

// ---- The reform --------------------------------------------------------------------------------

void daily_living_costs(const Reading& r, Sentences& out) {
  if (!r.charged() || !r.a().reform.applies || r.a().D().is_zero()) return;
  r.add(out, PlainReason::kDailyLivingCosts,
        "Under the reform, " + pounds(r.a().D()) +
            " a week of your care home's cost is for daily living costs, such as food and energy bills, which never "
            "count toward the cap.",
        {{"daily_living_costs", figure(r.a().D())}});
}

// "the fee less £200.00 for daily living costs" (what is metered, from what).
std::string less_daily_living_costs(const Assessment& a, const std::string& whole) {
  if (a.D().is_zero()) return "all of " + whole + ", as nothing is taken off for daily living costs outside a care home";
  return whole + " less " + pounds(a.D()) + " for daily living costs";
}

// What counts toward the cap a week, and why (Care Act 2014 s15(2) as amended), with the cap
// at `cap`: the reason and the sentence.
std::pair<PlainReason, std::string> metered_words(const Assessment& a, const PaymentSplit& s, Money cap) {
  const Money counts = s.weekly.accruing;
  const std::string lead = "Under the reform, " +
                           (counts.is_zero() ? std::string("nothing") : pounds(counts) + " a week") +
                           " counts toward the " + pounds(cap) + " cap: ";
  const Money charged = s.parts.toward_daily_living_costs + s.parts.toward_care;
  switch (s.meter.basis) {
    case MeterBasis::kNone:
    case MeterBasis::kCouncilMet: break;
    case MeterBasis::kSelfFunder:
      // Once capital has run out, what meters is the charge, as for council-met needs.
      if (!s.parts.met_by_council.is_zero()) break;
      return {PlainReason::kMeteredSelfFunder,
              lead + less_daily_living_costs(a, a.B() == a.F() ? "the fee" : "your personal budget (" + pounds(a.B()) + ")") +
                  "."};
    case MeterBasis::kFullCost:
      return {PlainReason::kMeteredFullCost,
              "Under this reform, " + pounds(counts) + " a week counts toward the " + pounds(cap) + " cap whoever pays: " +
                  less_daily_living_costs(a, "the cost of meeting your needs (" + pounds(a.B()) + ")") + "."};
  }
  if (counts.is_zero()) {
    return {PlainReason::kMeteredCouncilCharge,
            "Under the reform, nothing counts toward the " + pounds(cap) + " cap: all you are charged (" +
                pounds(charged) + " a week) goes to daily living costs (" + pounds(a.D()) +
                "), and what the council pays does not count."};
  }
  if (a.D().is_zero()) return {PlainReason::kMeteredCouncilCharge, lead + "what you are charged; what the council pays does not count."};
  return {PlainReason::kMeteredCouncilCharge, lead + "what you are charged (" + pounds(charged) + " a week) less " +
                                                  pounds(a.D()) + " for daily living costs; what the council pays does not count."};
}

// A stretch can hold a change of a rule value that changed none of its figures (the cap raised
// while the same amount meters), and its trace has the value of its first day: the stretch's days
// with each value of `param` in force, in order.
std::vector<std::pair<DateRange, Money>> with_each_value(const Reading& r, const RuleValue<Money>& first) {
  const NationalParam<Money> param{first.param()};
  std::vector<std::pair<DateRange, Money>> out{{r.days(), first.value()}};
  for (Date d : r.in.scenario.national_changes()) {
    if (d <= r.days().first || d > r.days().last) continue;
    RuleValue<Money> v = value_on(r.in.scenario[param.param], param, d);
    if (!v || v.value() == out.back().second) continue;
    out.back().first.last = d.prev();
    out.emplace_back(DateRange{d, r.days().last}, v.value());
  }
  return out;
}

void metered(const Reading& r, Sentences& out) {
  const Assessment& a = r.a();
  const PaymentSplit& s = r.split();
  if (s.meter.basis == MeterBasis::kNone) return;
  for (const auto& [days, cap] : with_each_value(r, a.reform.cap)) {
    auto [reason, text] = metered_words(a, s, cap);
    out.add(days, reason, std::move(text),
            {{"accruing", figure(s.weekly.accruing)}, {"cap", figure(cap)}, {"daily_living_costs", figure(a.D())}});
  }
}

// The day the cap was reached: the crossing day of an earlier stretch, else the account's.
std::optional<Date> cap_reached_before(const Reading& r) {
  for (std::size_t i = r.index; i-- > 0;) {
    if (r.in.traces[i].split.stage == CapStage::kCrossingDay) return r.in.traces[i].days.first;
  }
  const std::optional<Date>& on = r.in.result.account.cap_reached_on;
  if (on && *on <= r.days().first) return on;
  return std::nullopt;
}

void after_cap(const Reading& r, Sentences& out) {
  const PaymentParts& p = r.split().parts;
  const Money cap = r.a().reform.cap.value();
  const std::optional<Date> on = cap_reached_before(r);
  std::string text = on ? "You reached the " + pounds(cap) + " cap on " + in_words(*on) + ": from then "
                        : "You have reached the " + pounds(cap) + " cap, so ";
  if (p.toward_daily_living_costs.is_zero() && p.own_top_up.is_zero()) {
    text += "the council pays for your care.";
  } else {
    text += "you pay only " +
            (p.toward_daily_living_costs.is_zero()
                 ? std::string("your top-up")
                 : pounds(p.toward_daily_living_costs) + " a week, toward daily living costs" +
                       (p.own_top_up.is_zero() ? "" : ", and your top-up")) +
            ", and the council pays the rest of the cost of your care.";
  }
  Figures figures{{"cap", figure(cap)}, {"daily_living_costs", figure(p.toward_daily_living_costs)}};
  if (on) figures.emplace_back("cap_reached_on", figure(*on));
  r.add(out, PlainReason::kAfterCap, std::move(text), std::move(figures));
}

void cap(const Reading& r, Sentences& out) {
  if (!r.charged()) return;
  const Assessment& a = r.a();
  const std::optional<Date>& start = r.in.result.reform_start;
  if (!a.reform.applies) {
    if (start && r.days().first < *start) {
      r.add(out, PlainReason::kBeforeReform,
            "Nothing counts toward the cap before the reform starts on " + in_words(*start) + ".",
            {{"reform_start", figure(*start)}});
    }
    return;
  }
  switch (r.split().stage) {
    case CapStage::kBelowCap: metered(r, out); return;
    case CapStage::kCrossingDay:
      r.add(out, PlainReason::kCapReached,
            "You reach the " + pounds(a.reform.cap.value()) + " cap on " + in_words(r.days().first) + ".",
            {{"cap", figure(a.reform.cap.value())}, {"cap_reached_on", figure(r.days().first)}});
      return;
    case CapStage::kReached: after_cap(r, out); return;
  }
}

// ---- Across periods ----------------------------------------------------------------------------

// The trace of the stretch holding day d, or nullptr.
const PeriodTrace* trace_on(const PlainInputs& in, Date d) {
  const auto& traces = in.traces;
  auto it = std::upper_bound(traces.begin(), traces.end(), d,
                             [](Date x, const PeriodTrace& t) { return x < t.days.first; });
  if (it == traces.begin() || !std::prev(it)->days.contains(d)) return nullptr;
  return &*std::prev(it);
}

// Spend-down: the days capital, spent on care, first stands at or below each limit.
void capital_falls(const PlainInputs& in, Sentences& out) {
  if (in.request.capital != CapitalMode::kSpendDown) return;
  const auto& history = in.result.capital_history;
  for (std::size_t i = 1; i < history.size(); ++i) {
    const CapitalStep& before = history[i - 1];
    const CapitalStep& step = history[i];
    const PeriodTrace* t = trace_on(in, step.days.first);
    // A new finances record is a new assessment, not capital spent.
    if (t == nullptr || !t->assessment ||
        covering(in.person.finances, before.days.first) != covering(in.person.finances, step.days.first)) {
      continue;
    }
    const CapitalLimits& l = t->assessment->limits;
    const Date on = step.days.first;
    for (auto [limit, name, reason, then] :
         {std::tuple{l.upper(), "upper", PlainReason::kCapitalFallsToUpperLimit, ""},
          std::tuple{l.lower(), "lower", PlainReason::kCapitalFallsToLowerLimit, ", and from then it is not counted"}}) {
      if (before.capital_at_start > Exact::from(limit) && step.capital_at_start <= Exact::from(limit)) {
        out.add(DateRange{on, on}, reason,
                "As you spend it on your care, your capital falls to the " + std::string(name) + " limit (" +
                    pounds(limit) + ") by " + in_words(on) + then + ".",
                {{std::string(name) + "_capital_limit", figure(limit)},
                 {"on", figure(on)},
                 {"capital", figure(step.capital_at_start)}});
      }
    }
  }
}

// Spend-down: the first day the person cannot pay their share from capital and income. What
// they cannot pay of their charge the council meets; what they cannot pay of their own top-up
// falls to someone else (a third party), as a top-up always does when the person cannot pay it.
void capital_runs_out(const PlainInputs& in, Sentences& out) {
  if (in.request.capital != CapitalMode::kSpendDown) return;
  const auto& periods = in.result.periods;
  for (std::size_t i = 1; i < periods.size(); ++i) {
    const Period& p = periods[i];
    const Period& before = periods[i - 1];
    if (before.range.last.next() != p.range.first) continue;
    const bool council_meets = before.parts.met_by_council.is_zero() && !p.parts.met_by_council.is_zero();
    const bool top_up_falls = p.parts.own_top_up < before.parts.own_top_up &&
                              p.parts.third_party_top_up > before.parts.third_party_top_up;
    if (!council_meets && !top_up_falls) continue;
    std::string text = "Your capital has run out by " + in_words(p.range.first) + ": from then you pay only what your income allows";
    Figures figures{{"on", figure(p.range.first)}};
    if (council_meets) text += ", and the council pays the rest";
    if (top_up_falls) {
      text += std::string(council_meets ? "; " : ", and ") + "someone else, such as a relative, has to pay " +
              (p.parts.own_top_up.is_zero() ? "your top-up" : "the rest of your top-up") + " (" +
              pounds(p.parts.third_party_top_up) + " a week)";
      figures.emplace_back("third_party_top_up", figure(p.parts.third_party_top_up));
    }
    out.add(DateRange{p.range.first, p.range.first}, PlainReason::kCapitalRunsOut, text + ".", std::move(figures));
  }
}

void projected_cap_date(const PlainInputs& in, Sentences& out) {
  const Account& a = in.result.account;
  if (!a.projected_cap_date || !a.cap || !a.current_weekly) return;
  const Date as_of = in.result.as_of;
  out.add(DateRange{as_of, as_of}, PlainReason::kProjectedCapDate,
          "At " + pounds(a.current_weekly->accruing) + " a week, you would reach the " + pounds(*a.cap) +
              " cap on about " + in_words(*a.projected_cap_date) + ".",
          {{"accruing", figure(a.current_weekly->accruing)},
           {"cap", figure(*a.cap)},
           {"projected_cap_date", figure(*a.projected_cap_date)}});
}

void death(const PlainInputs& in, Sentences& out) {
  const std::optional<Date>& died = in.person.death_date;
  if (!died || !in.result.totals.range.contains(*died) || in.result.periods.empty()) return;
  out.add(DateRange{*died, *died}, PlainReason::kDeath,
          "Charges end on " + in_words(*died) + ", the date of death." +
              (in.scenario.reform_applies_on(*died) ? " Nothing counts toward the cap after it." : ""),
          {{"on", figure(*died)}});
}

using PeriodReader = void (*)(const Reading&, Sentences&);
using ResultReader = void (*)(const PlainInputs&, Sentences&);

// The questions of one period, in the order a family would ask them.
constexpr PeriodReader kPeriodReaders[] = {exclusion, personal_budget, nhs_nursing_care, top_up, home,
                                           capital,   charge,          daily_living_costs, cap};
constexpr ResultReader kResultReaders[] = {capital_falls, capital_runs_out, projected_cap_date, death};

}  // namespace

std::vector<PlainSentence> plain_reading(const PlainInputs& in) {
  Sentences out;
  // Events first, so that one comes before the sentences of the period it opens.
  for (ResultReader read : kResultReaders) read(in, out);
  for (std::size_t i = 0; i < in.traces.size(); ++i) {
    const Reading r{in, i, in.traces[i]};
    CM_CHECK(!r.charged() || r.trace.assessment.has_value(), "a charged period has its means test");
    for (PeriodReader read : kPeriodReaders) read(r, out);
  }
  return out.take();
}

}  // namespace calc
}  // namespace caremeter
