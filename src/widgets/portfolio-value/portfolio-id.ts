import { idSchema, validate } from '../../core/protocol/index.js';

/** Why `id` cannot name a portfolio on the feed, or null when it can. */
export function portfolioIdProblem(id: string): string | null {
  if (!id) return 'portfolio-id is missing; set it to a portfolio\'s id';
  return validate(idSchema, id).ok ? null : `portfolio-id="${id}" is not a valid id (1-64 letters, digits, "-" or "_")`;
}
