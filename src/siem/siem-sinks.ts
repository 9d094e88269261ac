import type { SiemConfig } from '../config/siem-settings';
import type { SiemSink } from '../ports/siem-sink';
import { fileSink } from './file-sink';
import { httpSink } from './http-sink';
import { syslogSink } from './syslog-sink';

/** The sinks the settings turn on: a file, syslog and an HTTP collector, each optional. */
export function siemSinks(config: SiemConfig): SiemSink[] {
  return [
    ...(config.file ? [fileSink(config.file)] : []),
    ...(config.syslogUrl ? [syslogSink({ url: config.syslogUrl })] : []),
    ...(config.http ? [httpSink(config.http)] : []),
  ];
}
