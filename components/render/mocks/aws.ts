/** Mock aws provider outputs for the resources and calls kubeship uses. */
import type { CloudMocks } from "./context";

export const awsMocks: CloudMocks = {};
