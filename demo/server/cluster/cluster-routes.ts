import type { FastifyInstance } from 'fastify';
import type { ClusterNode } from './cluster-node.js';

/**
 * `GET /api/cluster`: this node's part in the cluster (leader or not, epoch, streams it follows).
 * `GET /api/cluster/ready`: 200 while this node reaches Redis, else 503, for a load balancer's
 * health check: a node without Redis cannot serve streams, so traffic should go elsewhere.
 */
export function clusterRoutes(app: FastifyInstance, cluster: ClusterNode, clientCount: () => number): void {
  app.get('/api/cluster', async () => ({
    leader: cluster.isLeader,
    elections: cluster.elections,
    epoch: cluster.streams.epoch,
    followed: cluster.streams.followedKeys().length,
    delivered: cluster.streams.delivered,
    clients: clientCount(),
  }));
  app.get('/api/cluster/ready', async (_req, reply) => {
    const ok = await Promise.race([
      cluster.streams.cmd.ping().then(() => true, () => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1000).unref()),
    ]);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'redis unreachable', leader: cluster.isLeader });
  });
}
