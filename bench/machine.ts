/** The machine and software that a benchmark record was measured on. */
import { cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
  cores: number;
  memoryGiB: number;
  cpuModel: string;
  node: string;
  platform: string;
  /** One-minute load average when the run started; other work on the machine skews the timings. */
  loadAverage: number;
  date: string;
}

export function describeMachine(): Machine {
  const processors = cpus();
  return {
    cores: processors.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: loadavg()[0]!,
    date: new Date().toISOString(),
  };
}
