import fp from 'fastify-plugin';
import { AuditRecorder } from '../access/audit-recorder.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Records changes in the audit log: `app.audit.record(request, 'invoice.override', { type: 'invoice', id })`. */
    audit: AuditRecorder;
  }
}

/** Puts one AuditRecorder, backed by the configured audit log, on the app for every route. */
export default fp(
  async (app) => {
    app.decorate('audit', new AuditRecorder(app.services.audit));
  },
  { name: 'audit', dependencies: ['auth'] },
);
