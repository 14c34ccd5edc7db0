// statement.h — the care account statement a council sends every 12 months (Care Act 2014
// ss15–16 and 29; doc/law.md, the reform):
// the cap, the cost of meeting needs so far, the accrued total and its rate of progress, daily
// living costs, adjustments since the last statement, and — once the cap is near — the date it
// is expected to be reached.
//
// Computing the figures is pure (it calls the engine); storing the statement and choosing its
// issue time are the store's job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "caremeter/calc/calculate.h"
#include "caremeter/model/date.h"
#include "caremeter/model/money.h"
#include "caremeter/model/person.h"
#include "caremeter/model/rules.h"
#include "caremeter/model/status.h"
#include "store/store.h"

namespace caremeter {

// The indicative date is shown once the projected date is within this many months of period_end.
constexpr int kIndicativeCapDateMonths = 18;

// The 12-month period ending on `period_end`: from the same day a year before the day after it
// (2027-03-31 → 2026-04-01; 2028-02-29 → 2027-03-01).
DateRange statement_period(Date period_end);

struct StatementInputs {
  const Person* person = nullptr;
  int64_t person_revision = 0;
  const RuleSet* rules = nullptr;
  const Scenario* scenario = nullptr;
  Date period_end;
  // A figure past what its rule file knows: refused unless asked otherwise; carried forward or
  // projected, the statement lists it as its account results do.
  Unpublished unpublished = Unpublished::kRefuse;
  // The previous statement for this person and scenario, and the person's revisions recorded
  // since the revision it used.
  std::optional<StatementRecord> previous;
  std::vector<RevisionRef> revisions_since_previous;
  // The statement period's figures explained (`explain`), and in plain English (`why`: the
  // result's sentences for the period, the adjustment since the previous statement, the
  // indicative cap date when the statement gives one). Issued and stored with the statement.
  bool explain = false;
  bool plain = false;
};

struct StatementAdjustment {
  StatementRecord previous;
  Money accrued_then_shown;   // what the previous statement said was accrued at its period_end
  Money accrued_then_now;     // today's calculation of the accrued total at that date
  Money amount;               // accrued_then_now − accrued_then_shown (either sign)
  std::vector<RevisionRef> revisions;
};

struct StatementFigures {
  std::string person_id;
  int64_t person_revision = 0;
  DateRange period;
  std::string scenario_name;
  std::optional<Date> reform_start;
  RuleFileRef rules;
  std::vector<RuleFileRef> councils;
  std::vector<UnpublishedValue> provisional;  // carried forward (any of its calculations)
  std::vector<UnpublishedValue> projected;
  std::optional<Money> cap;
  Money cost_of_meeting_needs;      // since the reform start, to period_end
  Money accrued;                    // at period_end
  std::optional<Money> remaining;
  std::optional<Date> cap_reached_on;
  Money accrued_in_period;          // accrued at period_end less accrued the day before the period
  std::optional<Money> weekly_accruing;     // in force at period_end (null: no care then)
  Money daily_living_costs;         // total attributable to period_end
  std::optional<Money> weekly_daily_living_costs;
  std::optional<StatementAdjustment> adjustment;  // null for a first statement
  std::optional<Date> indicative_cap_date;
  bool explained = false;
  std::vector<Explanation> explain;
  bool plain = false;
  std::vector<PlainSentence> why;
};

Result<StatementFigures> compute_statement(const StatementInputs& inputs);

// The statement as one compact JSON object (doc/service.md), stamped with its issue time;
// `explain` and `why` last, when asked for.
std::string write_statement(const StatementFigures& figures, const std::string& issued_at);

}  // namespace caremeter
