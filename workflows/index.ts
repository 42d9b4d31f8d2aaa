// Everything the worker registers. Workflow code only: no I/O, no Node built-ins (enforced by lint).
export { ctgInfoFlashWorkflow } from './info-flash';
export { ctgInterviewNoticeWorkflow } from './interview-notice';
export { ctgProcessWorkflow } from './process/workflow';
export { ctgRegistrationNoticeWorkflow } from './registration-notice';
export { ctgRetentionWorkflow } from './retention';
export { ctgStepWorkflow } from './step/workflow';
export { ctgAdviserDigestWorkflow } from './adviser-digest';
