pub mod model_cmd;
