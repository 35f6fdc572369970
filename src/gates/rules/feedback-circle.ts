import { participantsRule } from '../rule.js';

export const feedbackCircle = participantsRule('feedback-circle', 'release', 30, 'the feedback group has at least N participants (off by default for technical risk)', true);
