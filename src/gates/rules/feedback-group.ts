import { participantsRule } from '../rule.js';

export const feedbackGroup = participantsRule('feedback-group', 'prototyping', 10, 'the feedback group has at least N participants');
