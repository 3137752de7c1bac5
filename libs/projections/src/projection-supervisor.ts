import { Logger } from '@nestjs/common';
import type { EventStore } from '@ledger/event-store';
import { ReadModelConsumer } from './log-consumer';
import { ProjectionRunner } from './projection-runner';
import { Reactor, ReactorConsumer } from './reactor';
import { Projection } from './read-model';
import { ReadStore } from './read-store.port';
import { Rebuild } from './rebuild';
import { describeRunner, ProjectionStatus } from './projection-status';

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

interface Managed {
  readonly projection: Projection;
  generation: number;
  runner: ProjectionRunner;
  rebuild?: Rebuild;
}

/**
 * Runs every read model and reactor of the service: one runner per projection on its active
 * generation, rebuilds beside it, and the status the operators see.
 */
export class ProjectionSupervisor {
  private readonly logger = new Logger('Projections');
  private readonly projections = new Map<string, Managed>();
  private readonly reactors = new Map<string, ProjectionRunner>();
  private started = false;

  constructor(
    private readonly eventStore: EventStore,
    readonly readStore: ReadStore,
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
    for (const managed of this.projections.values()) await this.startProjection(managed);
    for (const runner of this.reactors.values()) await runner.start();
  }

  async stop(): Promise<void> {
    for (const managed of this.projections.values()) managed.rebuild?.cancel();
    const runners = [...this.projections.values()].flatMap((managed) => [managed.runner, managed.rebuild?.runner]);
    await Promise.all([...runners, ...this.reactors.values()].map((runner) => runner?.stop()));
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
    return this.runner(name).waitFor(position, timeoutMs);
  }

  /** Builds a fresh generation from the start of the log beside the live one, then switches to it. */
  async rebuild(name: string): Promise<{ generation: number }> {
    const managed = this.managed(name);
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
    await runner.stop();
    await runner.start();
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.eventStore.headPosition();
    const projections = [...this.projections.values()].map((managed) =>
      describeRunner(this.eventStore, head, managed.runner, { generation: managed.generation, rebuild: managed.rebuild }),
    );
    const reactors = [...this.reactors.values()].map((runner) => describeRunner(this.eventStore, head, runner, {}));
    return Promise.all([...projections, ...reactors]);
  }

  names(): string[] {
    return [...this.projections.keys(), ...this.reactors.keys()];
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
