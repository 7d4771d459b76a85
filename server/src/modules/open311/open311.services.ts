import type { IncidentReport } from '../../../../protocol/index.js';

/** The services citizens can request through Open311 GeoReport v2 (GET services.json). */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  group: string;
  keywords: string;
  /** Urgent requests also become incidents for the operators. */
  urgent?: { category: IncidentReport['category']; severity: IncidentReport['severity'] };
}

export const OPEN311_SERVICES: Open311Service[] = [
  {
    service_code: 'flooding',
    service_name: 'Ngập úng',
    description: 'Đường, phố bị ngập nước',
    group: 'Hạ tầng',
    keywords: 'ngập,mưa,thoát nước',
    urgent: { category: 'naturalDisaster', severity: 'medium' },
  },
  {
    service_code: 'fallen_tree',
    service_name: 'Cây đổ',
    description: 'Cây đổ, cành gãy chắn đường',
    group: 'Hạ tầng',
    keywords: 'cây,đổ,bão',
    urgent: { category: 'infrastructure', severity: 'medium' },
  },
  {
    service_code: 'signal_out',
    service_name: 'Đèn tín hiệu hỏng',
    description: 'Đèn tín hiệu giao thông không hoạt động',
    group: 'Giao thông',
    keywords: 'đèn,tín hiệu,giao thông',
    urgent: { category: 'traffic', severity: 'medium' },
  },
  {
    service_code: 'pothole',
    service_name: 'Ổ gà, hư hỏng mặt đường',
    description: 'Mặt đường hư hỏng',
    group: 'Hạ tầng',
    keywords: 'ổ gà,đường',
  },
  {
    service_code: 'streetlight',
    service_name: 'Đèn đường không sáng',
    description: 'Đèn chiếu sáng công cộng hỏng',
    group: 'Hạ tầng',
    keywords: 'đèn,chiếu sáng',
  },
  {
    service_code: 'garbage',
    service_name: 'Rác thải',
    description: 'Rác thải chưa được thu gom',
    group: 'Môi trường',
    keywords: 'rác,vệ sinh',
  },
  {
    service_code: 'noise',
    service_name: 'Tiếng ồn',
    description: 'Tiếng ồn gây ảnh hưởng',
    group: 'Môi trường',
    keywords: 'ồn',
  },
  {
    service_code: 'illegal_construction',
    service_name: 'Xây dựng trái phép',
    description: 'Công trình xây dựng không phép hoặc sai phép',
    group: 'Trật tự đô thị',
    keywords: 'xây dựng,lấn chiếm',
  },
];

export const open311Service = (code: string) => OPEN311_SERVICES.find((s) => s.service_code === code);
