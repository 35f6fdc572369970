import type { Rule } from '../rule.js';
import { ideas } from './ideas.js';
import { immersion } from './immersion.js';
import { handoffBeforeFeatures } from './handoff-before-features.js';
import { epiphany } from './epiphany.js';
import { sixHypotheses } from './six-hypotheses.js';
import { tenX } from './ten-x.js';
import { coreTeam } from './core-team.js';
import { claimsTested } from './claims-tested.js';
import { statusMatchesEvidence } from './status-matches-evidence.js';
import { strongEvidence } from './strong-evidence.js';
import { customerVoices } from './customer-voices.js';
import { feedbackGroup } from './feedback-group.js';
import { prototypeValidated } from './prototype-validated.js';
import { prototypeIterations } from './prototype-iterations.js';
import { feedbackCircle } from './feedback-circle.js';
import { designValidated } from './design-validated.js';
import { released } from './released.js';
import { payingCustomers } from './paying-customers.js';
import { pricingValidated } from './pricing-validated.js';

/** Every rule, in gate order; a rule's file is named by its id. */
export const RULES = [
  ideas,
  immersion,
  handoffBeforeFeatures,
  epiphany,
  sixHypotheses,
  tenX,
  coreTeam,
  claimsTested,
  statusMatchesEvidence,
  strongEvidence,
  customerVoices,
  feedbackGroup,
  prototypeValidated,
  prototypeIterations,
  feedbackCircle,
  designValidated,
  released,
  payingCustomers,
  pricingValidated,
] as Rule[];
