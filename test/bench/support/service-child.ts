import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostMessage } from './service-host';

const HOST = join(__dirname, 'service-host.ts');
const SWC_REGISTER = join(__dirname, '..', '..', 'support', 'swc-register.js');
/** The benchmark calls as a service; the other roles exist because the app wants one key each. */
export const BENCH_KEY = 'bench-service-key';
/** For the rebuilds of measure 7. */
export const ADMIN_KEY = 'bench-admin-key';
export const API_KEYS = `service:${BENCH_KEY},analyst:bench-analyst-key,auditor:bench-auditor-key,admin:${ADMIN_KEY}`;

export interface ServiceChildOptions {
  /** The service's log and read models (not used by the floor). */
  readonly sqlitePath?: string;
  readonly mode: 'serve' | 'rebuild' | 'floor';
  /** Folder for a V8 CPU profile of the service (`--cpu-prof`), written when it stops. */
  readonly profileDir?: string;
  readonly env?: Record<string, string>;
}

/** The service in a child process: its messages, its resident memory, and a clean stop. */
export class ServiceChild {
  private readonly messages: HostMessage[] = [];
  private readonly waiting = new Set<() => void>();
  private peakRss = 0;
  private sampler?: NodeJS.Timeout;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: HostMessage) => {
      this.messages.push(message);
      this.waiting.forEach((wake) => wake());
    });
  }

  static start(options: ServiceChildOptions): ServiceChild {
    const profile = options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir, '--cpu-prof-name', `service-${options.mode}-${Date.now()}.cpuprofile`] : [];
    const child = fork(HOST, [], {
      execArgv: ['-r', SWC_REGISTER, ...profile, ...startFlags()],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: {
        ...process.env,
        ...(options.sqlitePath ? { SQLITE_PATH: options.sqlitePath } : {}),
        BENCH_MODE: options.mode,
        API_KEYS,
        // The limit (6,000 a minute by default) stops a runaway client; it must not be what is measured.
        RATE_LIMIT_PER_MINUTE: '1000000',
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
        ...options.env,
      },
    });
    return new ServiceChild(child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resolves with the first message of `type`; rejects if the child exits first. */
  async message<T extends HostMessage['type']>(type: T): Promise<Extract<HostMessage, { type: T }>> {
    const exited = once(this.child, 'exit').then(([code]) => Promise.reject(new Error(`The service exited (${code}) before '${type}'`)));
    const arrived = new Promise<Extract<HostMessage, { type: T }>>((resolve) => {
      const check = () => {
        const found = this.messages.find((message) => message.type === type);
        if (!found) return;
        this.waiting.delete(check);
        resolve(found as Extract<HostMessage, { type: T }>);
      };
      this.waiting.add(check);
      check();
    });
    return Promise.race([arrived, exited]);
  }

  /** Samples the child's resident set every 50 ms from now on, keeping the highest. */
  watchMemory(): void {
    this.sampler ??= setInterval(() => {
      this.peakRss = Math.max(this.peakRss, residentBytes(this.pid));
    }, 50);
  }

  /**
   * CPU time the child has used so far, all its threads (the event loop, the checkpoint thread,
   * V8's helpers), in ms: over a load, divided by the requests answered, what one costs.
   */
  cpuMs(): number {
    return cpuMilliseconds(this.pid);
  }

  /** Highest resident set seen while watched, in MB. */
  peakRssMb(): number {
    return Math.round(Math.max(this.peakRss, residentBytes(this.pid)) / 1024 / 1024);
  }

  async stop(): Promise<void> {
    clearInterval(this.sampler);
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.send({ type: 'stop' });
    await exited;
  }
}

/** Node's flags in `npm start` (the heap cap), so the benchmark runs the service as it is deployed. */
function startFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { scripts: { start: string } };
  return scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
}

/** Clock ticks a second of /proc/<pid>/stat's times: 100 on Linux (USER_HZ). */
const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a process, from /proc (Linux): fields 14 and 15, counted after the name's ')'. */
function cpuMilliseconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The name (field 2) is in parentheses and may hold spaces or ')': count from its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** VmRSS of a process, from /proc (Linux). */
function residentBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
