import type { AlertRuleEngine } from '../alerts/rule-engine.js';
import type { PortfolioFeed } from '../portfolio/portfolio-feed.js';
import type { RemoteChange, UserData } from './user-data.js';

/**
 * Keeps this node's in-memory mirrors (the portfolio feed, the rule engine) in step with writes
 * made on other nodes. Each change is re-read from the store, one at a time in arrival order, so
 * the mirror ends at the store's latest state even when changes come in quick succession.
 * Answers a function that stops following and resolves when the changes in hand are applied.
 */
export function followRemoteChanges(data: UserData, feed: PortfolioFeed, engine: AlertRuleEngine, onError: (err: unknown) => void): () => Promise<void> {
  let queue = Promise.resolve();
  const apply = async (change: RemoteChange): Promise<void> => {
    if (change.kind === 'portfolio') return syncPortfolio(change.id);
    if (change.kind === 'rule') return syncRule(change.id);
    const [portfolios, rules] = await Promise.all([data.portfolios.all(), data.rules.all()]);
    const portfolioIds = new Set(portfolios.map((e) => e.portfolio.id));
    for (const id of feed.ids()) if (!portfolioIds.has(id)) feed.remove(id);
    for (const { owner, portfolio } of portfolios) upsertIfChanged(portfolio.id, portfolio, owner);
    const ruleIds = new Set(rules.map((e) => e.rule.id));
    for (const id of engine.ruleIds()) if (!ruleIds.has(id)) engine.removeRule(id);
    for (const { owner, rule } of rules) if (engine.ownerOf(rule.id) === undefined) engine.addRule(rule, owner);
  };
  const upsertIfChanged = (id: string, portfolio: Parameters<PortfolioFeed['upsert']>[0], owner: string) => {
    // An upsert restarts drawdown tracking, so an unchanged portfolio is left alone.
    if (feed.ownerOf(id) === owner && JSON.stringify(feed.get(id)) === JSON.stringify(portfolio)) return;
    feed.upsert(portfolio, owner);
  };
  const syncPortfolio = async (id: string) => {
    const [portfolio, owner] = await Promise.all([data.portfolios.get(id), data.portfolios.ownerOf(id)]);
    if (portfolio && owner !== undefined) upsertIfChanged(id, portfolio, owner);
    else if (feed.has(id)) feed.remove(id);
  };
  const syncRule = async (id: string) => {
    const found = await data.rules.get(id);
    if (found) {
      if (engine.ownerOf(id) === undefined) engine.addRule(found.rule, found.owner);
    } else {
      engine.removeRule(id);
    }
  };
  const stop = data.onRemoteChange((change) => {
    queue = queue.then(() => apply(change)).catch(onError);
  });
  return async () => {
    stop();
    await queue;
  };
}
