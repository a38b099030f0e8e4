import { Type } from 'typebox';
import { DEPENDENCY_STATE_EXAMPLE, HEALTH_EXAMPLE, HEALTH_QUICK_EXAMPLE } from './examples.js';

export const HealthQuickSchema = Type.Object(
  {
    status: Type.Literal('ok', { description: 'Always "ok" when the process answers.' }),
    version: Type.String({ description: 'Version of the API.' }),
    uptime_s: Type.Number({ description: 'Seconds since the process started.' }),
  },
  {
    $id: 'HealthQuick',
    description: 'Liveness: the process answers; no dependency is checked.',
    examples: [HEALTH_QUICK_EXAMPLE],
  },
);

export const DependencyStateSchema = Type.Object(
  {
    name: Type.String({ description: 'Dependency name, e.g. "store" or "queue".' }),
    state: Type.Union([Type.Literal('up'), Type.Literal('down')], {
      description: 'Whether it answered in time.',
    }),
    required: Type.Boolean({ description: 'Whether the API is unusable without it.' }),
    latency_ms: Type.Number({ description: 'How long the check took.' }),
    info: Type.Optional(
      Type.Record(Type.String(), Type.String(), { description: 'Facts such as the adapter kind.' }),
    ),
    error: Type.Optional(Type.String({ description: 'Why the check failed.' })),
  },
  {
    $id: 'DependencyState',
    description: 'The state of one dependency.',
    examples: [DEPENDENCY_STATE_EXAMPLE],
  },
);

export const HealthSchema = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('down')], {
      description:
        '"ok": every dependency is up; "degraded": an optional one is down; "down": a required one is down.',
    }),
    version: Type.String({ description: 'Version of the API.' }),
    checks: Type.Array(Type.Ref('DependencyState'), { description: 'One entry per dependency.' }),
  },
  {
    $id: 'Health',
    description: 'Every dependency with its state and latency.',
    examples: [HEALTH_EXAMPLE],
  },
);
