/** The Apache Kafka release we run natively and in Docker; one place to bump it. */
export const kafkaVersion = '4.1.1';
export const kafkaScalaVersion = '2.13';
export const kafkaDockerImage = `apache/kafka:${kafkaVersion}`;
