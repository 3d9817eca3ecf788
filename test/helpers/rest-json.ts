/**
 * The operation a REST-JSON request stands for (GuardDuty, Security Hub), by method and path, from the
 * services' API references: their requests carry no X-Amz-Target, and a read may be a POST
 * (Security Hub's GetEnabledStandards is `POST /standards/get`).
 */
const ROUTES: Record<string, Array<[string, RegExp, string]>> = {
  guardduty: [
    ['POST', /^\/detector$/, 'CreateDetector'],
    ['GET', /^\/detector$/, 'ListDetectors'],
    ['GET', /^\/detector\/[^/]+$/, 'GetDetector'],
    ['POST', /^\/detector\/[^/]+$/, 'UpdateDetector'],
    ['DELETE', /^\/detector\/[^/]+$/, 'DeleteDetector'],
  ],
  securityhub: [
    ['POST', /^\/accounts$/, 'EnableSecurityHub'],
    ['GET', /^\/accounts$/, 'DescribeHub'],
    ['DELETE', /^\/accounts$/, 'DisableSecurityHub'],
    ['GET', /^\/standards$/, 'DescribeStandards'],
    ['POST', /^\/standards\/get$/, 'GetEnabledStandards'],
    ['POST', /^\/standards\/register$/, 'BatchEnableStandards'],
    ['POST', /^\/standards\/deregister$/, 'BatchDisableStandards'],
  ],
};

/** `CreateDetector`, `GetEnabledStandards`, …; undefined for another service or an unknown route. */
export function restJsonOperation(service: string, method: string, path: string): string | undefined {
  return ROUTES[service]?.find(([m, p]) => m === method.toUpperCase() && p.test(path))?.[2];
}
