export { RunLensApi } from './client';
export { ApiError, toApiError } from './errors';
export { routes, type ApiRequest } from './routes';
