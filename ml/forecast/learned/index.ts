export { LstmForecaster, DEFAULT_LSTM, type LstmHyper } from './lstm.js';
export { NBeatsForecaster, DEFAULT_NBEATS, type NBeatsHyper } from './nbeats.js';
export { FORECAST_BACKEND, type CommonHyper, type LearnedForecast, type LearnedOptions } from './model.js';
