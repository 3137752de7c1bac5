import { Logger } from '@nestjs/common';
import type { EventStore } from '@ledger/event-store';
import { ReadModelConsumer } from './log-consumer';
import { ProjectionRunner } from './projection-runner';
import { Leadership, LEASE_RETRY_MS } from './leadership';
import { ProjectionLeases } from './projection-leases.port';
import { Reactor, ReactorConsumer } from './reactor';
import { Projection } from './read-model';
import { ReadStore } from './read-store.port';
import { Rebuild } from './rebuild';
import { describeRunner, ProjectionStatus } from './projection-status';
import { pollCheckpoint, standbyView } from './standby';

export class UnknownProjectionError extends Error {
  constructor(readonly projection: string) {
    super(`No projection is named ${projection}`);
  }
}

export class RebuildInProgressError extends Error {
  constructor(readonly projection: string) {
    super(`${projection} is already being rebuilt`);
  }
}

/** Rebuilds and restarts are the work of the instance that runs the projection. */
export class ProjectionRunElsewhereError extends Error {
  constructor(readonly projection: string) {
    super(`${projection} is run by another instance: send the request to the one holding its lease`);
  }
}

interface Managed {
  readonly projection: Projection;
  generation: number;
  runner: ProjectionRunner;
  rebuild?: Rebuild;
}

/**
 * Runs every read model and reactor of the service: one runner per projection on its active
 * generation, rebuilds beside it, and the status the operators see. With `leases` (several
 * instances on one read store), it runs only the projections whose lease it holds and follows
 * the others from the store.
 */
export class ProjectionSupervisor {
  private readonly logger = new Logger('Projections');
  private readonly projections = new Map<string, Managed>();
  private readonly reactors = new Map<string, ProjectionRunner>();
  private started = false;
  private leadership?: Leadership;

  constructor(
    private readonly eventStore: EventStore,
    readonly readStore: ReadStore,
    private readonly leases?: ProjectionLeases,
    private readonly leaseRetryMs = LEASE_RETRY_MS,
  ) {}

  registerProjection(projection: Projection): void {
    if (this.started) throw new Error('Register projections before the supervisor starts');
    this.projections.set(projection.name, { projection, generation: 0, runner: undefined as unknown as ProjectionRunner });
  }

  registerReactor(reactor: Reactor): void {
    if (this.started) throw new Error('Register reactors before the supervisor starts');
    this.reactors.set(reactor.name, new ProjectionRunner(this.eventStore, new ReactorConsumer(reactor, this.readStore)));
  }

  async start(): Promise<void> {
    this.started = true;
    if (!this.leases) {
      for (const name of this.names()) await this.lead(name);
      return;
    }
    await this.follow();
    this.leadership = new Leadership(this.leases, this.names(), {
      lead: (name) => this.lead(name),
      stepDown: (name) => this.stopRunning(name),
      afterRound: () => this.follow(),
    }, this.leaseRetryMs);
    await this.leadership.start();
  }

  async stop(): Promise<void> {
    await this.leadership?.halt();
    // Reactors first: one may be waiting for a read model to reach a position (the offboarding
    // hand-over waits for the directory), which it would never do once stopped.
    await Promise.all([...this.reactors.keys()].map((name) => this.stopRunning(name)));
    await Promise.all([...this.projections.keys()].map((name) => this.stopRunning(name)));
    await this.leadership?.releaseAll();
  }

  /** Whether this instance runs `name` (always, without leases). */
  runsHere(name: string): boolean {
    return !this.leadership || this.leadership.isLeading(name);
  }

  /** The generation queries of `name` must read. */
  activeGeneration(name: string): number {
    return this.managed(name).generation;
  }

  runner(name: string): ProjectionRunner {
    return this.reactors.get(name) ?? this.managed(name).runner;
  }

  /** Waits until `name` has applied `position`; false after `timeoutMs`. */
  waitFor(name: string, position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.runsHere(name)) return this.runner(name).waitFor(position, timeoutMs);
    // Another instance applies it: its commits show in the store's checkpoint.
    return pollCheckpoint(this.readStore, name, position, timeoutMs, (generation) => {
      const managed = this.projections.get(name);
      if (managed && !this.runsHere(name)) managed.generation = generation;
    });
  }

  /** Builds a fresh generation from the start of the log beside the live one, then switches to it. */
  async rebuild(name: string): Promise<{ generation: number }> {
    const managed = this.managed(name);
    if (!this.runsHere(name)) throw new ProjectionRunElsewhereError(name);
    if (managed.rebuild?.state === 'running' || managed.rebuild?.state === 'switching') throw new RebuildInProgressError(name);
    const generations = await this.readStore.generations(name);
    // A rebuild that failed or was cut short by a restart left a building generation: drop it.
    for (const stale of generations.filter((info) => info.state === 'building')) {
      await this.readStore.dropGeneration(managed.projection, stale.generation);
    }
    const generation = Math.max(0, ...generations.map((info) => info.generation)) + 1;
    await this.readStore.createGeneration(managed.projection, generation, 'building');
    const runner = new ProjectionRunner(this.eventStore, new ReadModelConsumer(managed.projection, this.readStore, generation));
    managed.rebuild = new Rebuild(generation, runner, this.eventStore, () => this.switchTo(managed, generation, runner));
    await managed.rebuild.start();
    this.logger.log(`Rebuilding ${name} as generation ${generation}`);
    return { generation };
  }

  /** Starts a stopped or failed runner again from its checkpoint (after a fix). */
  async restart(name: string): Promise<void> {
    const runner = this.runner(name);
    if (!this.runsHere(name)) throw new ProjectionRunElsewhereError(name);
    await runner.stop();
    await runner.start();
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.eventStore.headPosition();
    const view = async (name: string, runner: ProjectionRunner) => (this.runsHere(name) ? runner : standbyView(this.readStore, name));
    const projections = [...this.projections.values()].map(async (managed) =>
      describeRunner(this.eventStore, head, await view(managed.projection.name, managed.runner), {
        generation: managed.generation,
        rebuild: this.runsHere(managed.projection.name) ? managed.rebuild : undefined,
      }),
    );
    const reactors = [...this.reactors.entries()].map(async ([name, runner]) => describeRunner(this.eventStore, head, await view(name, runner), {}));
    return Promise.all([...projections, ...reactors]);
  }

  names(): string[] {
    return [...this.projections.keys(), ...this.reactors.keys()];
  }

  private async lead(name: string): Promise<void> {
    const reactor = this.reactors.get(name);
    if (reactor) await reactor.start();
    else await this.startProjection(this.managed(name));
  }

  private async stopRunning(name: string): Promise<void> {
    const managed = this.projections.get(name);
    managed?.rebuild?.cancel();
    await Promise.all([this.reactors.get(name), managed?.runner, managed?.rebuild?.runner].map((runner) => runner?.stop()));
  }

  /** For the projections another instance runs: the generation queries read, as the store says. */
  private async follow(): Promise<void> {
    for (const managed of this.projections.values()) {
      if (this.runsHere(managed.projection.name)) continue;
      const [active] = (await this.readStore.generations(managed.projection.name)).filter((info) => info.state === 'active');
      managed.generation = active?.generation ?? 1;
      // A runner that never starts here, so that status and read-your-writes find one.
      managed.runner ??= new ProjectionRunner(this.eventStore, new ReadModelConsumer(managed.projection, this.readStore, managed.generation));
    }
  }

  private async startProjection(managed: Managed): Promise<void> {
    const [active] = (await this.readStore.generations(managed.projection.name)).filter((info) => info.state === 'active');
    managed.generation = active?.generation ?? 1;
    if (!active) await this.readStore.createGeneration(managed.projection, 1, 'active');
    managed.runner = new ProjectionRunner(this.eventStore, new ReadModelConsumer(managed.projection, this.readStore, managed.generation));
    if (active && active.version !== managed.projection.version) {
      // The new code must not write into tables of the old shape: the old generation stays as it
      // is (queries keep answering from it) until the rebuilt one replaces it.
      this.logger.warn(`${managed.projection.name} changed (version ${active.version} → ${managed.projection.version}): rebuilding`);
      await this.rebuild(managed.projection.name);
      return;
    }
    await managed.runner.start();
  }

  /** The rebuilt generation has caught up: queries move to it, the old one stops and is dropped. */
  private async switchTo(managed: Managed, generation: number, runner: ProjectionRunner): Promise<void> {
    // Stop the old runner first: activation drops its tables.
    await managed.runner.stop();
    await this.readStore.activate(managed.projection, generation);
    managed.generation = generation;
    managed.runner = runner;
    this.logger.log(`${managed.projection.name} now answers from generation ${generation}`);
  }

  private managed(name: string): Managed {
    const managed = this.projections.get(name);
    if (!managed) throw new UnknownProjectionError(name);
    return managed;
  }
}
