/** Errors of the Backend API that the hosts map to an answer: BadRequest → HTTP 400, NotFound → HTTP 404. */

/** The call is off the allow-list or its arguments are wrong. */
export class BadRequest extends Error {}

/** The call names something the bundle does not have (a file, a proxy's config dump). */
export class NotFound extends Error {}
