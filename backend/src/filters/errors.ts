/**
 * A selection the model cannot answer (a cursor of another list, too many buckets): the
 * selection's own error, naming the query parameter. http/errors.ts maps it to a 400.
 */
export class SelectionError extends Error {
  constructor(
    /** The query parameter at fault, e.g. `cursor`. */
    readonly param: string,
    readonly detail: string,
    message = 'invalid query'
  ) {
    super(message);
  }
}
