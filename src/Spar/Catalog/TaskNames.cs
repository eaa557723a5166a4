namespace Spar.Catalog;

/// <summary>
/// The 35 <c>type</c> keys as constants, in the order of format.md §3. Code outside <c>Catalog/</c> and <c>Tasks/</c> that
/// must name one task (a published table, a generator) uses these, never a string literal: CatalogLiteralTests fails on
/// a literal, so a renamed or misspelt key is a compile error rather than a silent miss.
/// </summary>
public static class TaskNames
{
    public const string DepthPredictionOc = "depth_prediction_oc";
    public const string DepthPredictionOo = "depth_prediction_oo";
    public const string DistancePredictionOc = "distance_prediction_oc";
    public const string DistancePredictionOo = "distance_prediction_oo";
    public const string SpatialVolumeInfer = "spatial_volume_infer";
    public const string DepthPredictionOcMv = "depth_prediction_oc_mv";
    public const string DepthPredictionOoMv = "depth_prediction_oo_mv";
    public const string DistancePredictionOcMv = "distance_prediction_oc_mv";
    public const string DistancePredictionOoMv = "distance_prediction_oo_mv";
    public const string DistancePredictionOoVideo = "distance_prediction_oo_video";
    public const string PositionMatching = "position_matching";
    public const string CameraMotionInfer = "camera_motion_infer";
    public const string ViewChangeInfer = "view_change_infer";
    public const string ObjFrameLocate = "obj_frame_locate";
    public const string ObjSpatialRelationOo = "obj_spatial_relation_oo";
    public const string DistanceInferCenterOc = "distance_infer_center_oc";
    public const string DistanceInferCenterOo = "distance_infer_center_oo";
    public const string SpatialImaginationOc = "spatial_imagination_oc";
    public const string SpatialImaginationOo = "spatial_imagination_oo";
    public const string ObjSpatialRelationOcMv = "obj_spatial_relation_oc_mv";
    public const string ObjSpatialRelationOoMv = "obj_spatial_relation_oo_mv";
    public const string DistanceInferCenterOcMv = "distance_infer_center_oc_mv";
    public const string DistanceInferCenterOoMv = "distance_infer_center_oo_mv";
    public const string SpatialImaginationOcMv = "spatial_imagination_oc_mv";
    public const string SpatialImaginationOoMv = "spatial_imagination_oo_mv";
    public const string SpatialImaginationMapMv = "spatial_imagination_map_mv";
    public const string DistanceInferCenterOoVideo = "distance_infer_center_oo_video";
    public const string SpatialImaginationOcVideo = "spatial_imagination_oc_video";
    public const string SpatialImaginationOcVideoHard = "spatial_imagination_oc_video_hard";
    public const string SpatialImaginationOoVideo = "spatial_imagination_oo_video";
    public const string SpatialImaginationOoVideoHard = "spatial_imagination_oo_video_hard";
    public const string AppearanceOrder = "appearance_order";
    public const string ObjCount = "obj_count";
    public const string RoomSize = "room_size";
    public const string Nav = "nav";
}
