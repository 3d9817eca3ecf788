/** Event selectors: does a trail log every management event, and what to put when it does not. */
import type { AdvancedEventSelector, EventSelector, EventSelectors, EventSelectorsInput } from '../../aws/cloudtrail.js';

const MANAGEMENT_SELECTOR_NAME = 'Management events (aws-harden)';

export function logsAllManagement(s: EventSelectors): boolean {
  const basic = s.basic.some((e) => (e.IncludeManagementEvents ?? true) && (e.ReadWriteType ?? 'All') === 'All' && (e.ExcludeManagementEventSources ?? []).length === 0);
  const advanced = s.advanced.some(
    (a) => (a.FieldSelectors ?? []).some((f) => f.Field === 'eventCategory' && (f.Equals ?? []).includes('Management')) && (a.FieldSelectors ?? []).every((f) => f.Field === 'eventCategory'),
  );
  return basic || advanced;
}

export function describeManagement(s: EventSelectors): string {
  if (logsAllManagement(s)) return 'all (read + write)';
  if (s.basic.length === 0 && s.advanced.length === 0) return 'none set';
  const mgmt = s.basic.find((e) => e.IncludeManagementEvents ?? true);
  if (mgmt?.ReadWriteType && mgmt.ReadWriteType !== 'All') return mgmt.ReadWriteType === 'ReadOnly' ? 'read-only' : 'write-only';
  if (mgmt) return 'some sources excluded';
  return 'not logged';
}

/**
 * The selectors to put when management events are not all logged. Data-event selectors already
 * there are kept (without management events); one selector for all management events is added.
 */
export function wantedSelectors(s: EventSelectors): EventSelectorsInput {
  if (s.advanced.length > 0 && s.basic.length === 0) {
    const isManagement = (a: AdvancedEventSelector) => (a.FieldSelectors ?? []).some((f) => f.Field === 'eventCategory' && (f.Equals ?? []).includes('Management'));
    return {
      AdvancedEventSelectors: [...s.advanced.filter((a) => !isManagement(a)), { Name: MANAGEMENT_SELECTOR_NAME, FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
    };
  }
  const dataOnly: EventSelector[] = s.basic
    .filter((e) => (e.DataResources ?? []).length > 0)
    .map((e) => ({ ReadWriteType: e.ReadWriteType ?? 'All', IncludeManagementEvents: false, DataResources: e.DataResources ?? [] }));
  return { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }, ...dataOnly] };
}
