import { fields } from '../../config';
import { ServiceError } from '../../errors';
import { defineCommand } from '../command';

const loopbackHosts = ['127.0.0.1', 'localhost', '::1'];

export const dashboardCommand = defineCommand({
  name: 'dashboard',
  summary: 'A live page of the stream and the pipeline health (sensors, rate, lag, batches, quarantine, ETL jobs); runs beside a cycle and changes nothing.',
  usage: 'iot dashboard [--port P] [--host H] [--topic T] [--group G] [--trigger S]',
  flags: {
    port: fields.integer({ description: 'Port of the page.', default: undefined, defaultText: '$DASHBOARD_PORT (8090)', example: '8090', min: 1, max: 65535 }),
    host: fields.text({ description: 'Address to listen on. Anything but loopback shows the page (which has no login) to the network.', default: '127.0.0.1', example: '0.0.0.0' }),
    topic: fields.optionalText({ description: 'Topic to watch.', default: undefined, defaultText: '$KAFKA_TOPIC (sensor-data)', example: 'sensor-data' }),
    group: fields.text({ description: "The pipeline consumer's group, whose committed offsets give the lag (read only).", default: 'iot-consumer', example: 'iot-consumer' }),
    trigger: fields.decimal({ description: "The pipeline consumer's --trigger: no batch for 3 triggers while records wait shows it as stalled.", default: 5, example: '5', min: 0.1, max: 3600 }),
  },
  async run({ flags, config, logger, signal }) {
    const port = flags.port ?? config().dashboard.port;
    if (!loopbackHosts.includes(flags.host)) {
      logger.warn('dashboard.exposed', { host: flags.host, message: `listening on ${flags.host}: anyone who reaches this address sees the page, which has no login` });
    }
    // Loaded when the command runs: the HTTP server and the Kafka client stay out of `iot --help` and the other commands.
    const [{ kafkaConnection }, { startDashboard }] = await Promise.all([import('../../kafka'), import('../../dashboard')]);
    const dashboard = await startDashboard({
      config: config(), connection: kafkaConnection(config()), topic: flags.topic ?? config().kafka.topic,
      pipelineGroup: flags.group, triggerSeconds: flags.trigger, host: flags.host, port, logger,
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE' && error.code !== 'EADDRNOTAVAIL') throw error;
      throw new ServiceError(`The dashboard cannot listen on ${flags.host}:${port} (${error.code === 'EADDRINUSE' ? 'the port is taken' : 'no such local address'}).`, {
        code: 'DASHBOARD_PORT_UNAVAILABLE', retriable: false,
        hint: 'Pick another port with --port or DASHBOARD_PORT, or stop what holds it.',
      });
    });
    process.stdout.write(`dashboard on ${dashboard.url} (Ctrl-C stops it)\n`);
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    await dashboard.close();
    logger.info('dashboard.stopped', {});
    return 0;
  },
});
