/** Kubernetes versions: the dated catalogs, the cloud's live answers, and the choice. */
export type { AutoscalerVersions, CatalogCloud, EksAddonVersions, EksBuild, GkeChannel, MinorSupport, VersionCatalog } from "./types";
export { CLOUD_NAME, datedCatalog, eksBuild, eksClusterVersionsAnswer, eksVersionFields, fromEksClusterVersions, fromGkeEngineVersions, gkeEngineVersionsAnswer, minorOf } from "./catalog";
export { kubernetesVersionFor, orList, resolveKubernetesVersion, supportOn, type KubernetesVersionPlan, type VersionContext, type VersionRequest } from "./choose";
export { EKS_SUPPORT_PRICE } from "./eks";
export { CATALOG_MAX_AGE_DAYS, catalogAgeWarning, resolveToday, TODAY_ENV } from "./today";
