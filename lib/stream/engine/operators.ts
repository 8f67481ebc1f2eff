import { StatefulOperator } from '../state';
import { EventTimeOptions, WindowOperator } from '../windows';
import { AlertRulesOperator, AlertSettings } from '../alerts';

/**
 * The stream's stateful operators, in the order they see each on-time
 * reading and emit after each batch. Their state lives in the state store
 * under their `name`, so the list may grow; a name must never change.
 */
export function streamOperators(eventTime: EventTimeOptions | undefined, alerts?: AlertSettings): StatefulOperator[] {
  const operators: StatefulOperator[] = [];
  if (eventTime?.window) operators.push(new WindowOperator(eventTime.window) as StatefulOperator);
  if (alerts) operators.push(new AlertRulesOperator(alerts) as StatefulOperator);
  return operators;
}
