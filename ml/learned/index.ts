/** The learned part of anomaly detection (TensorFlow.js); pure of Temporal. See ml/learned/README.md. */
export * from './backend.js';
export * from './detector.js';
