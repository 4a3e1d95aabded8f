// The demo board's reference data (reference_data.h).
#include "core/demo/reference_data.h"

namespace lif::demo {

// The 55 indicators of the Performance Management Framework, in its three areas.
const std::vector<IndicatorDef>& Indicators() {
  static const std::vector<IndicatorDef> k = {
      {"infant-mortality", "Infant mortality rate", "healthy_lives", false, "per 1,000 live births",
       4.6, 3.9, 5.0, 0.05},
      {"low-birth-weight", "Low birth weight of term babies", "healthy_lives", false, "%", 3.4, 2.9,
       3.5, 0.02},
      {"breastfeeding-6-8wk", "Breastfeeding prevalence at 6-8 weeks", "healthy_lives", true, "%",
       28, 48, 30, -0.3},
      {"smoking-at-delivery", "Smoking status at time of delivery", "healthy_lives", false, "%",
       16.5, 9.1, 15, -0.2},
      {"mmr2-age5", "MMR two doses by age 5", "healthy_lives", true, "%", 90.5, 85.5, 90, -0.3},
      {"excess-weight-reception", "Reception children with excess weight", "healthy_lives", false,
       "%", 25.1, 22.3, 0, 0.1},
      {"excess-weight-year6", "Year 6 children with excess weight", "healthy_lives", false, "%",
       39.8, 36.6, 40, 0.25},
      {"tooth-decay-age5", "Five-year-olds with visible tooth decay", "healthy_lives", false, "%",
       24.5, 23.7, 0, -0.1},
      {"teenage-conceptions", "Under-18 conception rate", "healthy_lives", false,
       "per 1,000 females aged 15-17", 27.9, 13.1, 25, 0.4},
      {"alcohol-admissions-u18", "Alcohol-specific hospital admissions, under 18s", "healthy_lives",
       false, "per 100,000", 52, 26, 45, 0.8},
      {"self-harm-admissions-10-24", "Hospital admissions for self-harm, ages 10-24",
       "healthy_lives", false, "per 100,000", 560, 427, 500, 6},
      {"camhs-wait-4wk", "CAMHS referrals seen within 4 weeks", "healthy_lives", true, "%", 61, 68,
       65, -0.8},
      {"ae-attendances-0-4", "A&E attendances, ages 0-4", "healthy_lives", false, "per 1,000", 720,
       650, 0, 3},
      {"injury-admissions-0-14", "Hospital admissions for injuries, ages 0-14", "healthy_lives",
       false, "per 10,000", 120, 85, 110, 1.2},
      {"health-visitor-new-birth", "New birth visits within 14 days", "healthy_lives", true, "%",
       93, 88, 90, 0.2},
      {"health-checks-lac", "Looked-after children with an up-to-date health assessment",
       "healthy_lives", true, "%", 88, 91, 90, -0.6},
      {"dental-checks-lac", "Looked-after children with a dental check", "healthy_lives", true, "%",
       79, 70, 75, 0.5},
      {"sdq-lac", "Average SDQ score of looked-after children", "healthy_lives", false, "score",
       14.9, 14.1, 0, 0.05},
      {"early-help-assessments", "Early help assessments completed", "right_support", true,
       "per 10,000 children", 310, 250, 0, 4},
      {"early-help-step-down", "Cases stepped down from social care to early help", "right_support",
       true, "%", 18, 15, 0, 0.3},
      {"contacts-rate", "Contacts to children's social care", "right_support", false,
       "per 10,000 children", 1900, 1500, 0, 10},
      {"referral-rate", "Referrals to children's social care", "right_support", false,
       "per 10,000 children", 820, 544, 0, 6},
      {"re-referrals-12m", "Re-referrals within 12 months", "right_support", false, "%", 24, 21.5,
       25, 0.5},
      {"assessments-45-days", "Assessments completed within 45 working days", "right_support", true,
       "%", 86, 82, 85, -0.7},
      {"s47-rate", "Section 47 enquiries", "right_support", false, "per 10,000 children", 290, 180,
       0, 2},
      {"icpc-15-days", "Initial child protection conferences within 15 working days",
       "right_support", true, "%", 79, 78, 80, -0.5},
      {"cp-plan-rate", "Children subject to a child protection plan", "right_support", false,
       "per 10,000 children", 105, 42, 100, 1.5},
      {"cp-repeat", "Second or subsequent child protection plans", "right_support", false, "%", 22,
       23.3, 20, 0.4},
      {"cp-plans-2-years", "Child protection plans lasting two years or more", "right_support",
       false, "%", 3.1, 2.1, 4, 0.1},
      {"cp-visits-timely", "Child protection visits within timescale", "right_support", true, "%",
       92, 90, 90, -0.2},
      {"cin-rate", "Children in need", "right_support", false, "per 10,000 children", 520, 343, 0,
       2},
      {"lac-rate", "Looked-after children", "right_support", false, "per 10,000 children", 160, 71,
       150, 1.5},
      {"lac-3-placements", "Looked-after children with three or more placements in the year",
       "right_support", false, "%", 10.5, 10, 12, 0.2},
      {"lac-placement-stability", "Looked-after children in the same placement for two years",
       "right_support", true, "%", 68, 70, 0, -0.3},
      {"care-leavers-eet", "Care leavers aged 19-21 in education, employment or training",
       "right_support", true, "%", 52, 55, 50, -0.4},
      {"care-leavers-accommodation", "Care leavers in suitable accommodation", "right_support",
       true, "%", 88, 88, 0, 0.1},
      {"private-fostering-visits", "Private fostering visits within timescale", "right_support",
       true, "%", 83, 80, 0, 0.5},
      {"dv-incidents-children", "Domestic abuse incidents with children present", "safe", false,
       "per 1,000 households", 24, 14, 22, 0.3},
      {"marac-repeat", "Repeat MARAC cases", "safe", false, "%", 38, 32, 35, 0.4},
      {"missing-episodes", "Missing from home episodes", "safe", false, "per 10,000 children", 95,
       60, 0, 1},
      {"return-interviews-72h", "Return home interviews within 72 hours", "safe", true, "%", 78, 70,
       75, -1},
      {"missing-from-care", "Looked-after children who went missing", "safe", false, "%", 11, 11,
       12, 0.2},
      {"cse-risk-assessments", "Children assessed at risk of sexual exploitation", "safe", false,
       "per 10,000 children", 18, 12, 0, 0.2},
      {"cce-referrals", "Referrals for child criminal exploitation", "safe", false,
       "per 10,000 children", 9.5, 7, 0, 0.3},
      {"first-time-entrants", "First-time entrants to the youth justice system", "safe", false,
       "per 100,000 aged 10-17", 210, 146, 200, 2},
      {"youth-reoffending", "Proven reoffending by young people", "safe", false, "%", 37, 32, 35,
       0.3},
      {"youth-custody", "Young people sentenced to custody", "safe", false, "per 1,000 aged 10-17",
       0.18, 0.1, 0, 0},
      {"lado-referrals", "Allegations against professionals referred to the LADO", "safe", true,
       "per 10,000 workforce", 45, 40, 0, 0.5},
      {"ehe-children", "Children electively home educated", "safe", false, "per 1,000 pupils", 11,
       9, 0, 0.2},
      {"cme-children", "Children missing education", "safe", false, "per 1,000 pupils", 4.2, 3.5,
       4.5, 0.1},
      {"persistent-absence", "Persistent absence from school", "safe", false, "%", 24, 21, 25, 0.4},
      {"suspensions", "Suspensions from school", "safe", false, "per 100 pupils", 7.5, 6.9, 0, 0.1},
      {"road-casualties-ksi", "Children killed or seriously injured on roads", "safe", false,
       "per 100,000", 17, 16.5, 0, -0.1},
      {"online-safety-training", "Schools with current online safety training", "safe", true, "%",
       81, 78, 80, -0.5},
      {"harmful-sexual-behaviour", "Referrals for harmful sexual behaviour", "safe", false,
       "per 10,000 children", 6, 4.5, 0, 0.15},
  };
  return k;
}

const std::vector<AgencyDef>& BaseAgencies() {
  static const std::vector<AgencyDef> k = {
      {"hartlepool-cs", "Hartlepool Borough Council Children's Services", "local_authority", true},
      {"hartlepool-ph", "Hartlepool Borough Council Public Health", "local_authority", true},
      {"cleveland-police", "Cleveland Police", "police", true},
      {"tees-icb", "North East and North Cumbria ICB (Tees Valley)", "health", true},
      {"nth-trust", "North Tees and Hartlepool NHS Foundation Trust", "health", true},
      {"tewv-trust", "Tees, Esk and Wear Valleys NHS Foundation Trust", "health", true},
      {"ne-ambulance", "North East Ambulance Service NHS Foundation Trust", "health", true},
      {"hartlepool-schools", "Hartlepool Schools Safeguarding Partnership", "education", false},
      {"hartlepool-college", "Hartlepool College of Further Education", "education", false},
      {"probation", "The Probation Service, North East", "probation", true},
      {"hartlepool-yjs", "Hartlepool Youth Justice Service", "youth_justice", true},
      {"thirteen-housing", "Thirteen Housing Group", "housing", true},
      {"cafcass", "Cafcass", "other", true},
      {"harbour", "Harbour Support Services", "voluntary", false},
      {"hvda", "Hartlepool Voluntary Development Agency", "voluntary", false},
  };
  return k;
}

const std::vector<SubgroupDef>& Subgroups() {
  static const std::vector<SubgroupDef> k = {
      {"lipsg", "Learning and Improvement Sub-group", "hartlepool-cs",
       "Case reviews, audits and the learning and improvement framework."},
      {"qap", "Quality Assurance and Performance Sub-group", "tees-icb",
       "The performance management framework and assurance reports."},
      {"wdt", "Workforce Development and Training Sub-group", "cleveland-police",
       "The training needs analysis and the multi-agency training programme."},
      {"policy", "Policy and Procedures Sub-group", "nth-trust",
       "Local procedures with the Tees procedures group."},
      {"cdop", "Child Death Overview Panel", "hartlepool-ph",
       "Reviews of the deaths of children normally resident in the area."},
  };
  return k;
}

const std::vector<Theme>& Themes() {
  static const std::vector<Theme> k = {
      {"neglect", "neglect"},
      {"domestic-abuse", "domestic abuse"},
      {"parental-mental-health", "parental mental health"},
      {"substance-misuse", "parental substance misuse"},
      {"exploitation", "child exploitation"},
      {"information-sharing", "information sharing"},
      {"voice-of-child", "the voice of the child"},
      {"fathers", "fathers and male carers"},
      {"safe-sleep", "safe sleep"},
      {"self-harm", "adolescent self-harm"},
      {"early-help", "early help"},
      {"transition", "transition to adult services"},
  };
  return k;
}

std::string PhraseOf(const std::string& theme_id) {
  for (const Theme& t : Themes()) {
    if (theme_id == t.id) return t.phrase;
  }
  return theme_id;
}

const std::vector<DeepDiveDef>& DeepDives() {
  static const std::vector<DeepDiveDef> k = {
      {1, "early-help-deep-dive", "Early help deep dive", "early-help"},
      {3, "da-mh-substance-deep-dives",
       "Domestic abuse, mental health and substance misuse deep dive", "domestic-abuse"},
      {5, "cse-vemt-deep-dive", "Child sexual exploitation and missing children deep dive",
       "exploitation"},
      {7, "lac-yot-deep-dive", "Looked-after children and youth justice deep dive", "transition"},
  };
  return k;
}

}  // namespace lif::demo
