// Outgoing mail: the transport (SMTP or capture), the MIME builder and the outbox every sender goes through.
export * from './transport';
export { composeMail } from './mime';
export * from './outbox';
export type { Courier, CourierJob, CarriedStatus } from './courier';
export * from './outbox-message';
export * from './personalize';
